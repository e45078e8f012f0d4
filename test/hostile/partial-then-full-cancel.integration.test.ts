// Issue #15 finding 15 (part): a full cancel after a partial one. A seller cancels one item of a paid
// order (that item refunded and restocked), then the buyer cancels the rest: the payment must end CANCELLED
// with everything refunded once, and the item the seller already restocked must not be restocked again
// (before: the row stayed PARTIAL_CANCELLED and the whole hold was restocked, one unit too many).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { GatewayControl } from '../orders/order-books.js';
import { OrderFixture } from '../orders/order-fixture.js';

describe('hostile - a full cancel after a partial one (integration)', () => {
  let fx: OrderFixture;
  let gateway: GatewayControl;

  before(async () => {
    ({ fx, gateway } = await OrderFixture.withFakeGateway());
  });
  after(async () => {
    await fx?.close();
  });

  it('partial then full cancel - the payment ends CANCELLED, refunded once in total, every unit restocked once', async () => {
    const [first, second] = (await fx.rx.item([5, 5])).skus.map((s) => s.id);
    const buyer = await fx.cat.token(68_001, 'buyer');
    const before = await gateway.stats();
    const { orderId } = (await fx.order(buyer, { items: [{ sku: first, quantity: 1 }, { sku: second, quantity: 2 }] })).json();
    assert.equal((await fx.untilFinal(orderId)).status, 'PAID');
    const order = (await fx.cat.send('GET', `/api/v1/orders/${orderId}`, buyer)).json();
    const firstLine = order.items.find((i: { sku: number }) => i.sku === first).orderItemId;
    const seller = await fx.cat.token(500, 'seller');
    const partial = await fx.cat.send('POST', `/api/v1/seller/orders/${orderId}/items/${firstLine}/shipment`, seller, { status: 'CANCELLED' });
    assert.equal(partial.status, 200, partial.text);

    const cancel = await fx.cat.send('DELETE', `/api/v1/orders/${orderId}`, buyer);
    assert.equal(cancel.status, 202, cancel.text);
    assert.equal((await fx.untilFinal(orderId)).status, 'CANCELLED');

    const { rows: [payment] } = await fx.db.query<{ status: string; amount: string; cancelled_amount: string }>(
      'SELECT status, amount, cancelled_amount FROM payments WHERE order_id = $1', [orderId]);
    assert.deepEqual([payment.status, payment.cancelled_amount], ['CANCELLED', payment.amount]);
    const after = await gateway.stats();
    assert.equal(after.cancelledAmount - before.cancelledAmount, Number(payment.amount), 'refunded exactly the payment');
    for (const sku of [first, second]) {
      assert.deepEqual([(await fx.rx.skuRow(sku)).sold, await fx.rx.redisAvailable(sku)], [0, 5], `sku ${sku} restocked once`);
    }
  });
});
