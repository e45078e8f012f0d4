// Order intake and reads on a real edge with an in-process orchestrator: idempotency, bad input with
// documented codes, ownership, the cart as a source, the internal batch API and the happy saga path.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Packr } from 'msgpackr';
import { mintAccessToken } from '../../engine/auth/dev-token-issuer.js';
import { bearer } from '../support/http-client.js';
import { OrderFixture, receiver } from './order-fixture.js';
import { ScriptedGateway } from './scripted-gateway.js';

describe('order intake (integration)', () => {
  let fx: OrderFixture;
  let buyer: string;
  let other: string;
  let sku: number;
  let price: number;
  const gateway = new ScriptedGateway();

  before(async () => {
    // 4 compensation failures park: pg-boss retries wait whole seconds (1-2 s, 2-4 s, ...), so the
    // parking test stays short
    fx = await OrderFixture.start(['edge'], { ORDER_MAX_QUANTITY_PER_SKU: '5', ORDER_COMPENSATION_MAX_ATTEMPTS: '4' });
    await fx.startOrchestrator(gateway);
    buyer = await fx.cat.token(42, 'buyer');
    other = await fx.cat.token(43, 'buyer');
    const item = await fx.rx.item([100]);
    sku = item.skus[0].id;
    price = item.skus[0].price;
  });
  after(async () => {
    await fx?.close();
  });

  it('orders - an order from items is reserved, paid and confirmed', async () => {
    const answer = await fx.order(buyer, { items: [{ sku, quantity: 2 }] });
    assert.equal(answer.status, 202, answer.text);
    const { orderId, status } = answer.json();
    assert.equal(status, 'PENDING');
    { const row = await fx.untilFinal(orderId); assert.equal(row.status, 'PAID', JSON.stringify(row)); }
    const view = await fx.cat.expect(200, 'GET', `/api/v1/orders/${orderId}`, buyer);
    assert.equal(view.totalAmount, 2 * price);
    assert.equal(view.payment.status, 'PAID');
    assert.equal(view.payment.cardLast4, '4242');
    assert.ok(view.payment.receiptUrl);
    assert.equal(view.items[0].shipmentStatus, 'PENDING');
    assert.ok(view.events.some((e: { to?: string }) => e.to === 'PAID'));
    const row = await fx.rx.skuRow(sku);
    assert.deepEqual([row.held, row.sold], [0, 2]);
    assert.equal(await fx.rx.redisAvailable(sku), 98);
    const list = await fx.cat.expect(200, 'GET', '/api/v1/orders?limit=10', buyer);
    assert.ok(list.items.some((o: { orderId: string }) => o.orderId === orderId));
  });

  it('orders - the same Idempotency-Key gives one order', async () => {
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 5 }, () => fx.order(buyer, { items: [{ sku, quantity: 1 }] }, key)));
    const ids = new Set(answers.map((a) => a.json().orderId));
    assert.equal(ids.size, 1);
    assert.equal((await fx.untilFinal([...ids][0])).status, 'PAID');
    const { rows } = await fx.db.query('SELECT count(*)::int AS n FROM shop_orders WHERE idempotency_key = $1', [key]);
    assert.equal(rows[0].n, 1);
    // the same key with another body is refused, never answered with the first order
    const other = await fx.order(buyer, { items: [{ sku, quantity: 2 }] }, key);
    assert.deepEqual([other.status, other.json().error.code], [422, 'IDEMPOTENCY_MISMATCH']);
  });

  it('orders - bad input answers documented codes', async () => {
    const code = async (p: Promise<{ status: number; json(): { error: { code: string } } }>) => {
      const a = await p;
      return [a.status, a.json().error.code];
    };
    assert.deepEqual(await code(fx.order(other, { fromCart: true })), [422, 'CART_EMPTY']);
    assert.deepEqual(await code(fx.order(buyer, { items: [{ sku: 99_999_999, quantity: 1 }] })), [422, 'UNKNOWN_SKU']);
    assert.deepEqual(await code(fx.order(buyer, { items: [{ sku, quantity: 3 }, { sku, quantity: 3 }] })), [422, 'QUANTITY_OVER_LIMIT']);
    assert.deepEqual(await code(fx.order(buyer, { items: [{ sku, quantity: 1 }], fromCart: true })), [400, 'INVALID_INPUT']);
    const noKey = await fx.cat.send('POST', '/api/v1/orders', buyer, { items: [{ sku, quantity: 1 }], receiver, cardToken: 't' });
    assert.equal(noKey.json().error.code, 'IDEMPOTENCY_KEY_REQUIRED');

    const mine = (await fx.order(buyer, { items: [{ sku, quantity: 1 }] })).json().orderId;
    assert.deepEqual(await code(fx.cat.send('GET', `/api/v1/orders/${mine}`, other)), [404, 'NOT_FOUND']);
    assert.deepEqual(await code(fx.cat.send('DELETE', `/api/v1/orders/${mine}`, other)), [404, 'NOT_FOUND']);
    const admin = await fx.cat.token(1, 'admin');
    assert.equal((await fx.cat.send('GET', `/api/v1/orders/${mine}`, admin)).status, 200);
    await fx.untilFinal(mine);
  });

  it('orders - an order from the cart empties the cart; a cancel before shipping refunds and restocks', async () => {
    const before = await fx.rx.redisAvailable(sku);
    await fx.cat.expect(200, 'POST', '/api/v1/cart/items', other, { sku, quantity: 3 });
    const { orderId } = (await fx.order(other, { fromCart: true })).json();
    assert.deepEqual(await fx.cat.expect(200, 'GET', '/api/v1/cart', other), { items: [], total: 0 });
    { const row = await fx.untilFinal(orderId); assert.equal(row.status, 'PAID', JSON.stringify(row)); }
    assert.equal(await fx.rx.redisAvailable(sku), before! - 3);

    assert.equal((await fx.cat.send('DELETE', `/api/v1/orders/${orderId}`, other)).status, 202);
    await fx.rx.until('cancelled', async () => (await fx.orderRow(orderId)).status === 'CANCELLED');
    assert.equal(gateway.holding().has(orderId), false);
    assert.equal(await fx.rx.redisAvailable(sku), before);
    const again = await fx.cat.send('DELETE', `/api/v1/orders/${orderId}`, other);
    assert.equal(again.json().error.code, 'ORDER_NOT_CANCELLABLE');
  });

  it('orders - a compensation that fails twice then succeeds runs its effect once', async () => {
    const before = await fx.rx.redisAvailable(sku);
    const { orderId } = (await fx.order(buyer, { items: [{ sku, quantity: 1 }] })).json();
    assert.equal((await fx.untilFinal(orderId)).status, 'PAID');
    gateway.cancelFailures = 2;
    assert.equal((await fx.cat.send('DELETE', `/api/v1/orders/${orderId}`, buyer)).status, 202);
    await fx.rx.until('cancelled', async () => (await fx.orderRow(orderId)).status === 'CANCELLED');
    assert.equal(gateway.cancelFailures, 0, 'both failures were met');
    assert.equal(gateway.cancelEffects.get(orderId), 1);
    // the unit goes back to Redis just after the CANCELLED row is saved (the release follows the commit)
    await fx.rx.until('unit returned', async () => (await fx.rx.redisAvailable(sku)) === before);
    assert.equal(await fx.rx.redisAvailable(sku), before);
    const { rows } = await fx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM order_events WHERE order_id = $1 AND detail ? 'retry'`, [orderId]);
    assert.equal(rows[0].n, 2, 'two retries recorded');
  });

  it('orders - a compensation that keeps failing parks the order and lists it for admins', async () => {
    const { orderId } = (await fx.order(buyer, { items: [{ sku, quantity: 1 }] })).json();
    assert.equal((await fx.untilFinal(orderId)).status, 'PAID');
    gateway.cancelFailures = 1_000;
    await fx.cat.send('DELETE', `/api/v1/orders/${orderId}`, buyer);
    await fx.rx.until('parked', async () => (await fx.orderRow(orderId)).status === 'PARKED');
    gateway.cancelFailures = 0;
    const admin = await fx.cat.token(1, 'admin');
    const parked = await fx.cat.expect(200, 'GET', '/api/v1/admin/orders/parked', admin);
    assert.deepEqual(parked.items.map((o: { orderId: string }) => o.orderId), [orderId]);
    assert.equal((await fx.cat.send('GET', '/api/v1/admin/orders/parked', buyer)).status, 403);
  });

  it('orders - the seller moves its items to DELIVERED; a shipped order can no longer be cancelled', async () => {
    const { orderId } = (await fx.order(buyer, { items: [{ sku, quantity: 1 }] })).json();
    assert.equal((await fx.untilFinal(orderId)).status, 'PAID');
    const view = await fx.cat.expect(200, 'GET', `/api/v1/orders/${orderId}`, buyer);
    const path = `/api/v1/seller/orders/${orderId}/items/${view.items[0].orderItemId}/shipment`;
    const seller = await fx.cat.token(500, 'seller');
    const stranger = await fx.cat.token(501, 'seller');
    assert.equal((await fx.cat.send('POST', path, stranger, { status: 'PREPARING' })).status, 404);
    assert.equal((await fx.cat.expect(200, 'POST', path, seller, { status: 'PREPARING' })).status, 'PREPARING');
    assert.equal((await fx.cat.send('POST', path, seller, { status: 'DELIVERED' })).json().error.code, 'ILLEGAL_SHIPMENT_TRANSITION');
    assert.equal((await fx.cat.expect(200, 'POST', path, seller, { status: 'SHIPPING' })).status, 'SHIPPING');
    assert.equal((await fx.cat.send('DELETE', `/api/v1/orders/${orderId}`, buyer)).json().error.code, 'ORDER_NOT_CANCELLABLE');
    assert.equal((await fx.cat.expect(200, 'POST', path, seller, { status: 'DELIVERED' })).status, 'DELIVERED');
  });

  it('orders - the internal batch API takes JSON and msgpack, one order per key, and needs order:intake', async () => {
    const service = await mintAccessToken(fx.cat.config, { userId: 9000, roles: ['service'], scopes: ['order:intake'] });
    const orders = Array.from({ length: 20 }, (_, i) => ({ userId: 500 + i, idempotencyKey: `batch-${i}`, items: [{ sku, quantity: 1 }], receiver, cardToken: 'tok' }));
    const json = await fx.cat.send('POST', '/internal/v1/orders', service, { orders });
    assert.equal(json.status, 202, json.text);
    const packed = await fx.cat.fx.http.send('POST', '/internal/v1/orders', {
      headers: { ...bearer(service), 'content-type': 'application/msgpack' },
      body: new Packr({ useRecords: false }).pack({ orders }),
    });
    assert.equal(packed.status, 202, packed.text);
    assert.deepEqual(packed.json().results, json.json().results);
    const forbidden = await fx.cat.send('POST', '/internal/v1/orders', buyer, { orders });
    assert.equal(forbidden.status, 403);
    // a batch far past the ordinary 64 KiB REST body is read (and then refused for its count, not its size)
    const tooMany = Array.from({ length: 501 }, (_, i) => ({ ...orders[0], userId: 1_000 + i, idempotencyKey: `big-${i}` }));
    const oversized = await fx.cat.send('POST', '/internal/v1/orders', service, { orders: tooMany });
    assert.ok(JSON.stringify({ orders: tooMany }).length > 64 * 1024);
    assert.equal(oversized.status, 400, oversized.text);
    for (const r of json.json().results) assert.equal((await fx.untilFinal(r.orderId)).status, 'PAID');
  });
});
