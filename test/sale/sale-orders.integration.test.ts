// A flash-sale ticket ends in a paid order or goes back on sale, through HTTP on real processes (edge,
// sale worker, orchestrator with the order actors and the expiry, fake PortOne gateway): the admitted
// ticket's order AWAITING_PAYMENT with its payBy, paying it (idempotent, owner only, after a decline
// again), and expiry: unpaid at payBy the order is EXPIRED and its unit is admitted again.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../support/engine-processes.js';
import { waitFor } from '../support/eventually.js';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';
import { bearer } from '../support/http-client.js';
import { GatewayControl } from '../orders/order-books.js';

const WINDOW_SEC = 8;
const receiver = { name: 'Kim Buyer', phone: '010-1234-5678', address: '1 Sale Street, Seoul' };

describe('flash-sale orders (integration, fake gateway)', () => {
  let fx: FlashSaleFixture;
  let gateway: GatewayControl;

  before(async () => {
    const port = await freePort();
    gateway = new GatewayControl(`http://127.0.0.1:${port}`);
    fx = await FlashSaleFixture.start(['gateway', 'edge', 'worker', 'orchestrator'], {
      FAKE_GATEWAY_PORT: String(port),
      SALE_PAYMENT_WINDOW_SEC: String(WINDOW_SEC),
      ORDER_EXPIRY_INTERVAL_MS: '200',
    });
  });
  after(async () => {
    await fx?.close();
  });

  const get = (path: string, token: string) => fx.http.send('GET', path, { headers: bearer(token) });
  const pay = (orderId: string, token: string, body: Record<string, unknown>, key = randomUUID()) =>
    fx.http.send('POST', `/api/v1/orders/${orderId}/payment`, {
      headers: { ...bearer(token), 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });

  /** Admits one attempt and waits for its ticket's order; answers the order id and the admission time. */
  async function admittedOrder(saleId: number, token: string, quantity = 1): Promise<{ orderId: string; admittedAt: number }> {
    const admittedAt = Date.now();
    const attempt = await fx.attempt(saleId, token, randomUUID(), quantity);
    assert.equal(attempt.status, 202, attempt.text);
    const ticket = attempt.json().ticket as string;
    let answer: { status: string; orderId?: string } = { status: '' };
    await waitFor(async () => (answer = (await get(`/api/v1/tickets/${ticket}`, token)).json()).status === 'CONFIRMED', {
      timeoutMs: 10_000, message: () => `ticket ${ticket} CONFIRMED (is ${JSON.stringify(answer)})`,
    });
    assert.ok(answer.orderId, 'a confirmed ticket names its order');
    return { orderId: answer.orderId!, admittedAt };
  }

  async function statusOf(orderId: string, token: string, status: string): Promise<Record<string, any>> {
    let order: Record<string, any> = {};
    await waitFor(async () => (order = (await get(`/api/v1/orders/${orderId}`, token)).json()).status === status, {
      timeoutMs: 15_000, message: () => `order ${orderId} ${status} (is ${order.status})`,
    });
    return order;
  }

  it('sale orders - an admitted ticket becomes an AWAITING_PAYMENT order with payBy, amount and items, for its owner only', async () => {
    const saleId = await fx.createSale({ stock: 10, perUserLimit: 2 });
    const token = await fx.token(71_001, 'buyer');
    const { orderId, admittedAt } = await admittedOrder(saleId, token, 2);
    const order = (await get(`/api/v1/orders/${orderId}`, token)).json();
    assert.equal(order.status, 'AWAITING_PAYMENT');
    assert.equal(order.amount, 2 * 10_000, 'salePrice x quantity');
    const payBy = Date.parse(order.payBy);
    assert.ok(Math.abs(payBy - (admittedAt + WINDOW_SEC * 1000)) < 1_500, `payBy ${order.payBy} is admission + window`);
    assert.deepEqual(order.items.map((i: any) => [i.saleId, i.quantity, i.unitPrice]), [[saleId, 2, 10_000]]);
    const list = (await get('/api/v1/orders', token)).json();
    assert.ok(list.items.some((o: any) => o.orderId === orderId && o.status === 'AWAITING_PAYMENT'), 'in the buyer\'s list');
    const other = await fx.token(71_002, 'buyer');
    assert.equal((await get(`/api/v1/orders/${orderId}`, other)).status, 404);
  });

  it('sale orders - paying: 202, PAID once even when the request is replayed and raced, 404 for another user, 409 once paid', async () => {
    const saleId = await fx.createSale({ stock: 10, perUserLimit: 1 });
    const token = await fx.token(72_001, 'buyer');
    const { orderId } = await admittedOrder(saleId, token);
    const other = await fx.token(72_002, 'buyer');
    assert.equal((await pay(orderId, other, { cardToken: 'tok_card_4242', receiver })).status, 404);
    const before = await gateway.stats();
    const key = randomUUID();
    const answers = await Promise.all([
      ...Array.from({ length: 5 }, () => pay(orderId, token, { cardToken: 'tok_card_4242', receiver }, key)),
      ...Array.from({ length: 5 }, () => pay(orderId, token, { cardToken: 'tok_card_4242', receiver })),
    ]);
    assert.ok(answers.slice(0, 5).every((a) => a.status === 202), answers.map((a) => a.text).join());
    const order = await statusOf(orderId, token, 'PAID');
    assert.equal(order.receiver.name, receiver.name);
    assert.equal(order.payment.status, 'PAID');
    const after = await gateway.stats();
    assert.equal(after.charges - before.charges, 1, 'charged once');
    const late = await pay(orderId, token, { cardToken: 'tok_card_4242', receiver });
    assert.equal(late.status, 409);
    assert.equal(late.json().error.code, 'ORDER_NOT_PAYABLE');
    const replay = await pay(orderId, token, { cardToken: 'tok_card_4242', receiver }, key);
    assert.equal(replay.status, 202, 'a replayed key answers as the first time');
    const mismatch = await pay(orderId, token, { cardToken: 'tok_other', receiver }, key);
    assert.equal(mismatch.json().error?.code, 'IDEMPOTENCY_MISMATCH');
  });

  it('sale orders - a declined payment leaves the order payable; paying again succeeds', async () => {
    const saleId = await fx.createSale({ stock: 10, perUserLimit: 1 });
    const token = await fx.token(73_001, 'buyer');
    const { orderId } = await admittedOrder(saleId, token);
    assert.equal((await pay(orderId, token, { cardToken: 'tok_decline_card', receiver })).status, 202);
    await waitFor(async () => {
      const order = (await get(`/api/v1/orders/${orderId}`, token)).json();
      return order.status === 'AWAITING_PAYMENT' && order.failureCode === 'PAYMENT_DECLINED';
    }, { timeoutMs: 10_000, message: 'declined, payable again' });
    assert.equal((await pay(orderId, token, { cardToken: 'tok_card_4242', receiver })).status, 202);
    await statusOf(orderId, token, 'PAID');
  });

  it('sale orders - unpaid at payBy: EXPIRED, 409 PAYMENT_WINDOW_CLOSED, the unit back on sale and admitted again', async () => {
    const saleId = await fx.createSale({ stock: 1, perUserLimit: 1 });
    const first = await fx.token(74_001, 'buyer');
    const { orderId } = await admittedOrder(saleId, first);
    const second = await fx.token(74_002, 'buyer');
    const soldOut = await fx.attempt(saleId, second, randomUUID());
    assert.equal(soldOut.json().error?.code, 'SOLD_OUT', 'sold out while the first buyer may pay');
    const order = await statusOf(orderId, first, 'EXPIRED');
    assert.ok(Date.now() >= Date.parse(order.payBy), 'not before payBy');
    const late = await pay(orderId, first, { cardToken: 'tok_card_4242', receiver });
    assert.equal(late.status, 409);
    assert.equal(late.json().error.code, 'PAYMENT_WINDOW_CLOSED');
    assert.equal(await fx.soldInPostgres(saleId), 0, 'the durable sold dropped');
    // the edge's sold-out memory is lifted: the next attempt is admitted
    let again = soldOut;
    await waitFor(async () => (again = await fx.attempt(saleId, second, randomUUID())).status === 202, {
      timeoutMs: 5_000, message: () => `admitted again (answered ${again.text})`,
    });
    await fx.waitForSold(saleId, 1);
  });
});
