// A reservation's units become sold only through a paid order: the checkout of a hold
// (POST /api/v1/orders {reservationId}) on real processes (edge, reservation worker, orchestrator, fake
// gateway). Paid: the hold CONFIRMED and the SKU's units sold, once; declined: the order stays payable
// with the hold kept; one order per hold however many checkouts race; the hold counts against its
// buyer's cap on held units until its order is paid.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../support/engine-processes.js';
import { waitFor } from '../support/eventually.js';
import { GatewayControl } from './order-books.js';
import { OrderFixture, receiver } from './order-fixture.js';

describe('hold checkout (integration, fake gateway)', () => {
  let fx: OrderFixture;
  let gateway: GatewayControl;

  before(async () => {
    const port = await freePort();
    gateway = new GatewayControl(`http://127.0.0.1:${port}`);
    fx = await OrderFixture.start(['gateway', 'edge', 'worker', 'orchestrator'], { FAKE_GATEWAY_PORT: String(port) });
  });
  after(async () => {
    await fx?.close();
  });

  async function held(token: string, sku: number, quantity: number): Promise<string> {
    const answer = await fx.rx.reserve(token, [{ sku, quantity }]);
    assert.equal(answer.status, 202, answer.text);
    return answer.json().reservationId;
  }

  async function orderStatus(orderId: string, status: string, failureCode?: string): Promise<void> {
    let row: { status: string; failure_code: string | null } = { status: '', failure_code: null };
    await waitFor(async () => {
      row = await fx.orderRow(orderId);
      return row.status === status && (failureCode === undefined || row.failure_code === failureCode);
    }, { timeoutMs: 15_000, message: () => `order ${orderId} ${status} (is ${JSON.stringify(row)})` });
  }

  const reservationState = async (id: string) =>
    (await fx.db.query<{ state: string }>('SELECT state FROM reservations WHERE id = $1', [id])).rows[0]?.state;

  it('checkout - a paid checkout confirms the hold: the units are sold once, in Postgres and Redis', async () => {
    const sku = (await fx.rx.item([5])).skus[0].id;
    const token = await fx.cat.token(61_001, 'buyer');
    const reservationId = await held(token, sku, 2);
    const answer = await fx.order(token, { reservationId });
    assert.equal(answer.status, 202, answer.text);
    const { orderId } = answer.json();
    await orderStatus(orderId, 'PAID');
    assert.equal(await reservationState(reservationId), 'CONFIRMED');
    const books = await fx.rx.skuRow(sku);
    assert.deepEqual([books.held, books.sold], [0, 2]);
    assert.equal(await fx.rx.redisAvailable(sku), 3);
    const order = (await fx.cat.send('GET', `/api/v1/orders/${orderId}`, token)).json();
    assert.equal(order.amount, order.items.reduce((sum: number, i: any) => sum + i.unitPrice * i.quantity, 0));
    assert.deepEqual(order.items.map((i: any) => [i.sku, i.quantity]), [[sku, 2]]);
  });

  it('checkout - declined: the order stays payable and the hold is kept; paying again buys the units', async () => {
    const sku = (await fx.rx.item([5])).skus[0].id;
    const token = await fx.cat.token(62_001, 'buyer');
    const reservationId = await held(token, sku, 1);
    const { orderId } = (await fx.order(token, { reservationId, cardToken: 'tok_decline' })).json();
    await orderStatus(orderId, 'AWAITING_PAYMENT', 'PAYMENT_DECLINED');
    assert.equal(await reservationState(reservationId), 'HELD');
    const pay = await fx.cat.send('POST', `/api/v1/orders/${orderId}/payment`, token, { cardToken: 'tok_card_4242', receiver }, { 'idempotency-key': randomUUID() });
    assert.equal(pay.status, 202, pay.text);
    await orderStatus(orderId, 'PAID');
    assert.equal(await reservationState(reservationId), 'CONFIRMED');
    assert.equal((await fx.rx.skuRow(sku)).sold, 1);
  });

  it('checkout - one order per hold: 10 racing checkouts with different keys, a replayed key, someone else\'s hold', async () => {
    const sku = (await fx.rx.item([5])).skus[0].id;
    const token = await fx.cat.token(63_001, 'buyer');
    const reservationId = await held(token, sku, 1);
    const before = await gateway.stats();
    const keys = Array.from({ length: 10 }, () => randomUUID());
    const answers = await Promise.all(keys.map((key) => fx.order(token, { reservationId }, key)));
    const accepted = answers.filter((a) => a.status === 202);
    assert.equal(accepted.length, 1, answers.map((a) => a.text).join('\n'));
    for (const a of answers.filter((x) => x.status !== 202)) assert.equal(a.json().error.code, 'RESERVATION_CHECKED_OUT');
    const { orderId } = accepted[0].json();
    const winner = keys[answers.indexOf(accepted[0])];
    const replay = await fx.order(token, { reservationId }, winner);
    assert.equal(replay.json().orderId, orderId, 'a replayed key answers its order');
    await orderStatus(orderId, 'PAID');
    assert.equal((await gateway.stats()).charges - before.charges, 1, 'one charge');
    const other = await fx.cat.token(63_002, 'buyer');
    assert.equal((await fx.order(other, { reservationId })).status, 404);
  });

  it('checkout - a hold counts against its buyer\'s cap on held units until its order is paid', async () => {
    const cap = fx.cat.config.catalog.reservation.maxHeldUnitsPerUser;
    const sku = (await fx.rx.item([cap + 5])).skus[0].id;
    const token = await fx.cat.token(64_001, 'buyer');
    const reservationId = await held(token, sku, cap);
    assert.equal((await fx.rx.reserve(token, [{ sku, quantity: 1 }])).json().error.code, 'HOLD_LIMIT_REACHED');
    const { orderId } = (await fx.order(token, { reservationId })).json();
    await orderStatus(orderId, 'PAID');
    // one key throughout: refused while the paid hold still counts, then admitted once
    await waitFor(async () => (await fx.rx.reserve(token, [{ sku, quantity: 1 }], 'after-paid')).status === 202, { timeoutMs: 15_000, message: 'the paid hold stopped counting' });
    assert.equal(await fx.rx.redisAvailable(sku), 4);
  });
});
