// Issue #15 finding 1: one seller's cancel refunded the whole order. A self-registered seller orders its
// own cheap item together with another seller's expensive one; after the other seller delivered, it
// cancelled its own item through the shipment route: the whole order was refunded (the other seller still
// settled) and every unit restocked (the other seller's counter inflated). A seller's cancel refunds and
// restocks its own item only.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../support/engine-processes.js';
import { OrderFixture } from '../orders/order-fixture.js';

describe('hostile - a seller cancels only its own items (integration)', () => {
  let fx: OrderFixture;

  before(async () => {
    fx = await OrderFixture.start(['gateway', 'edge', 'orchestrator'], { FAKE_GATEWAY_PORT: String(await freePort()) });
  });
  after(async () => {
    await fx?.close();
  });

  it('seller cancel - refunds and restocks the cancelling seller\'s item only, never the other seller\'s', async () => {
    const cheap = (await fx.rx.item([10])).skus[0].id; // the fixture's seller, 10,000 won
    const otherToken = await fx.cat.token(66_001, 'seller');
    const otherSeller = await fx.cat.createSeller(otherToken, 'Other Shop');
    const category = await fx.cat.createCategory(await fx.cat.token(1, 'admin'), `Hostile ${randomUUID().slice(0, 8)}`);
    const expensiveItem = await fx.cat.advanceTo(otherToken,
      await fx.cat.createItem(otherToken, { sellerId: otherSeller, categoryId: category, basePrice: 500_000, skus: [{ stock: 10 }] }), 'SALES');
    const expensive = expensiveItem.skus[0].id;

    const buyer = await fx.cat.token(66_002, 'buyer');
    const placed = await fx.order(buyer, { items: [{ sku: cheap, quantity: 1 }, { sku: expensive, quantity: 1 }] });
    assert.equal(placed.status, 202, placed.text);
    const { orderId } = placed.json();
    assert.equal((await fx.untilFinal(orderId)).status, 'PAID');
    const order = (await fx.cat.send('GET', `/api/v1/orders/${orderId}`, buyer)).json();
    const line = (sku: number) => order.items.find((i: { sku: number }) => i.sku === sku).orderItemId;
    const ship = (token: string, sku: number, status: string) =>
      fx.cat.send('POST', `/api/v1/seller/orders/${orderId}/items/${line(sku)}/shipment`, token, { status });
    for (const status of ['PREPARING', 'SHIPPING', 'DELIVERED']) assert.equal((await ship(otherToken, expensive, status)).status, 200);

    const sellerToken = await fx.cat.token(500, 'seller'); // the fixture's seller owner
    const cancelled = await ship(sellerToken, cheap, 'CANCELLED');
    assert.equal(cancelled.status, 200, cancelled.text);

    await fx.rx.until('the cheap item refunded', async () => {
      const { rows } = await fx.db.query<{ cancelled_amount: string }>('SELECT cancelled_amount FROM payments WHERE order_id = $1', [orderId]);
      return Number(rows[0]?.cancelled_amount) > 0;
    }, 15_000);
    await new Promise((r) => setTimeout(r, 1_000)); // a whole-order compensation would land by now
    const { rows: [payment] } = await fx.db.query<{ amount: string; cancelled_amount: string }>('SELECT amount, cancelled_amount FROM payments WHERE order_id = $1', [orderId]);
    assert.equal(Number(payment.cancelled_amount), 10_000, 'only the cheap item refunded');
    assert.equal(Number(payment.amount), 510_000);
    const after = (await fx.cat.send('GET', `/api/v1/orders/${orderId}`, buyer)).json();
    assert.equal(after.status, 'DELIVERED', 'the other seller\'s delivery stands');
    assert.deepEqual(after.items.map((i: { sku: number; shipmentStatus: string }) => [i.sku, i.shipmentStatus]).sort(),
      [[cheap, 'CANCELLED'], [expensive, 'DELIVERED']].sort());
    const [cheapBooks, expensiveBooks] = [await fx.rx.skuRow(cheap), await fx.rx.skuRow(expensive)];
    assert.deepEqual([expensiveBooks.sold, await fx.rx.redisAvailable(expensive)], [1, 9], 'the other seller\'s stock untouched');
    assert.deepEqual([cheapBooks.sold, await fx.rx.redisAvailable(cheap)], [0, 10], 'the cancelled unit restocked');
  });

  it('seller cancel - the last live item cancelled: SELLER_CANCELLED, refunded in full, restocked', async () => {
    const sku = (await fx.rx.item([5])).skus[0].id;
    const buyer = await fx.cat.token(66_003, 'buyer');
    const { orderId } = (await fx.order(buyer, { items: [{ sku, quantity: 2 }] })).json();
    assert.equal((await fx.untilFinal(orderId)).status, 'PAID');
    const order = (await fx.cat.send('GET', `/api/v1/orders/${orderId}`, buyer)).json();
    const seller = await fx.cat.token(500, 'seller');
    const cancelled = await fx.cat.send('POST', `/api/v1/seller/orders/${orderId}/items/${order.items[0].orderItemId}/shipment`, seller, { status: 'CANCELLED' });
    assert.equal(cancelled.status, 200, cancelled.text);
    assert.equal(cancelled.json().status, 'SELLER_CANCELLED');
    const { rows: [payment] } = await fx.db.query<{ amount: string; cancelled_amount: string; status: string }>('SELECT amount, cancelled_amount, status FROM payments WHERE order_id = $1', [orderId]);
    assert.equal(payment.cancelled_amount, payment.amount);
    assert.deepEqual([(await fx.rx.skuRow(sku)).sold, await fx.rx.redisAvailable(sku)], [0, 5]);
    const again = await fx.cat.send('POST', `/api/v1/seller/orders/${orderId}/items/${order.items[0].orderItemId}/shipment`, seller, { status: 'CANCELLED' });
    assert.equal(again.status, 409, 'cancelled once');
  });
});
