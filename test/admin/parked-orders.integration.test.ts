// Parked orders on a real edge with an in-process orchestrator: a compensation that keeps failing parks
// the order; an admin lists parked orders (cursor pages) and releases each exactly once, even when
// several releases arrive at the same moment: `retry` resumes the compensation (the payment cancelled
// once at the gateway), `cancel` (payment settled by hand) releases the stock without the gateway.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { errorCode } from '../support/auth-api.js';
import { OrderFixture } from '../orders/order-fixture.js';
import { ScriptedGateway } from '../orders/scripted-gateway.js';

const CONCURRENT_RELEASES = 6;

describe('admin parked orders (integration)', () => {
  let fx: OrderFixture;
  let admin: string;
  let buyer: string;
  let sku: number;
  let availableAtStart: number;
  const parked: string[] = [];
  const gateway = new ScriptedGateway();

  before(async () => {
    // 2 failures park: pg-boss waits whole seconds between the retries, so parking stays short
    fx = await OrderFixture.start(['edge'], { ORDER_COMPENSATION_MAX_ATTEMPTS: '2' });
    await fx.startOrchestrator(gateway);
    admin = await fx.cat.adminToken();
    buyer = await fx.cat.token(42, 'buyer');
    sku = (await fx.rx.item([100])).skus[0].id;
  });
  after(async () => {
    await fx?.stopOrchestrator();
    await fx?.close();
  });

  /** A paid order its buyer cancels while the gateway refuses every cancel: it parks. */
  async function parkedOrder(): Promise<string> {
    const { orderId } = (await fx.order(buyer, { items: [{ sku, quantity: 1 }] })).json();
    assert.equal((await fx.untilFinal(orderId)).status, 'PAID');
    assert.equal((await fx.cat.send('DELETE', `/api/v1/orders/${orderId}`, buyer)).status, 202);
    await fx.rx.until(`order ${orderId} parked`, async () => (await fx.orderRow(orderId)).status === 'PARKED');
    return orderId;
  }

  /** The same release sent CONCURRENT_RELEASES times at once: the statuses and codes answered. */
  async function releaseAtOnce(orderId: string, action: 'retry' | 'cancel'): Promise<{ accepted: number; codes: (string | undefined)[] }> {
    const answers = await Promise.all(Array.from({ length: CONCURRENT_RELEASES }, () =>
      fx.cat.send('POST', `/api/v1/admin/orders/${orderId}/release`, admin, { action, reason: `operator ${action}` })));
    return { accepted: answers.filter((a) => a.status === 202).length, codes: answers.filter((a) => a.status !== 202).map(errorCode) };
  }

  it('admin - parked orders are listed with where they parked, a page at a time', async () => {
    gateway.cancelFailures = 1_000_000;
    availableAtStart = (await fx.rx.redisAvailable(sku))!;
    parked.push(...(await Promise.all([parkedOrder(), parkedOrder()])).sort());
    const first = await fx.cat.expect(200, 'GET', '/api/v1/admin/orders/parked?limit=1', admin);
    assert.equal(first.items.length, 1);
    assert.equal(first.items[0].orderId, parked[0]);
    assert.equal(first.items[0].status, 'PARKED');
    assert.equal(first.items[0].parkedStep, 'CANCEL_PAYMENT');
    assert.equal(first.items[0].compensateTo, 'CANCELLED');
    assert.equal(first.items[0].userId, 42);
    assert.match(first.items[0].error, /503/);
    assert.ok(first.next);
    const second = await fx.cat.expect(200, 'GET', `/api/v1/admin/orders/parked?limit=1&cursor=${first.next}`, admin);
    assert.deepEqual(second.items.map((o: { orderId: string }) => o.orderId), [parked[1]]);
    assert.equal(second.next, null, 'the last page');
    assert.equal((await fx.cat.send('GET', '/api/v1/admin/orders/parked?cursor=nonsense', admin)).status, 400);
    assert.equal((await fx.cat.send('GET', '/api/v1/admin/orders/parked?limit=0', admin)).status, 400);
    assert.equal(await fx.rx.redisAvailable(sku), availableAtStart - 2, 'both units still sold');
  });

  it('admin - concurrent retries of a parked order: exactly one is accepted, the order is refunded once and its unit comes back once', async () => {
    const orderId = parked[0];
    gateway.cancelFailures = 0;
    const { accepted, codes } = await releaseAtOnce(orderId, 'retry');
    assert.equal(accepted, 1);
    assert.deepEqual(codes, Array(CONCURRENT_RELEASES - 1).fill('ORDER_NOT_PARKED'));
    await fx.rx.until('retried order cancelled', async () => (await fx.orderRow(orderId)).status === 'CANCELLED');
    assert.equal(gateway.cancelEffects.get(orderId), 1, 'refunded once');
    await fx.rx.until('unit returned', async () => (await fx.rx.redisAvailable(sku)) === availableAtStart - 1);
    const audit = await fx.cat.expect(200, 'GET', `/api/v1/admin/audit?target=order:${orderId}`, admin);
    assert.deepEqual(audit.items.map((e: { action: string; reason: string }) => [e.action, e.reason]), [['order.release.retry', 'operator retry']]);
    const again = await fx.cat.send('POST', `/api/v1/admin/orders/${orderId}/release`, admin, { action: 'cancel', reason: 'late' });
    assert.equal(again.status, 409);
    assert.equal(errorCode(again), 'ORDER_NOT_PARKED');
  });

  it('admin - concurrent force-cancels of a parked order (payment settled by hand): one wins, the stock is released once, the gateway is not called', async () => {
    const orderId = parked[1];
    gateway.cancelFailures = 1_000_000;
    const { accepted, codes } = await releaseAtOnce(orderId, 'cancel');
    assert.equal(accepted, 1);
    assert.deepEqual(codes, Array(CONCURRENT_RELEASES - 1).fill('ORDER_NOT_PARKED'));
    await fx.rx.until('force-cancelled order cancelled', async () => (await fx.orderRow(orderId)).status === 'CANCELLED');
    assert.equal(gateway.cancelEffects.get(orderId), undefined, 'no gateway cancel');
    const { rows } = await fx.db.query('SELECT status, cancelled_amount, amount FROM payments WHERE order_id = $1', [orderId]);
    assert.equal(rows[0].status, 'CANCELLED');
    await fx.rx.until('unit returned', async () => (await fx.rx.redisAvailable(sku)) === availableAtStart);
    const books = await fx.rx.skuRow(sku);
    assert.deepEqual([books.held, books.sold], [0, 0], 'both units back in the books, once');
    assert.equal((await fx.cat.expect(200, 'GET', '/api/v1/admin/orders/parked', admin)).items.length, 0);
    const unknown = await fx.cat.send('POST', '/api/v1/admin/orders/0190a5b2-0000-7000-8000-000000000000/release', admin, { action: 'retry', reason: 'x' });
    assert.equal(unknown.status, 404);
    assert.equal((await fx.cat.send('POST', `/api/v1/admin/orders/${orderId}/release`, admin, { action: 'resume', reason: 'x' })).status, 400);
  });
});
