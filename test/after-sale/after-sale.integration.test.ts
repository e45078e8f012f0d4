// Returns, exchanges and seller cancellations against a real Postgres, through the edge: ownership
// and delivery rules, fees by fault, version-checked transitions, refunds exactly once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectNats } from '../../engine/platform/messaging/nats-connection.js';
import { pushSubject } from '../../engine/push/push-subjects.js';
import { orderTopic } from '../../engine/push/push-topics.js';
import { errorCode } from '../support/auth-api.js';
import { waitFor } from '../support/eventually.js';
import { AfterSaleFixture, type Shop } from './after-sale-fixture.js';

describe('after-sale (integration)', () => {
  let fx: AfterSaleFixture;
  let shop: Shop;
  let buyerId: number;
  let buyer: string;
  let seller: string;

  before(async () => {
    fx = await AfterSaleFixture.start();
    shop = await fx.shop();
    buyerId = await fx.user('Kim Buyer');
    buyer = await fx.token(buyerId, 'buyer');
    seller = await fx.token(shop.ownerId, 'seller');
  });
  after(async () => {
    await fx?.close();
  });

  it('after-sale - only the buyer of a delivered item asks; fees follow fault; bad input changes nothing', async () => {
    const { itemIds: [delivered, shipping, second] } = await fx.order(buyerId, shop, [
      { unitPrice: 20_000 }, { unitPrice: 5_000, shipmentStatus: 'SHIPPING' }, { unitPrice: 8_000, quantity: 2 },
    ]);
    const other = await fx.token(await fx.user('Park Other'), 'buyer');
    const request = { orderItemId: delivered, reason: 'CHANGED_MIND', pickupAddress: '1 Home Street, Seoul' };
    const cases: [string, string, string | undefined, unknown, number, string][] = [
      ['no token', '/api/v1/returns', undefined, request, 401, 'UNAUTHENTICATED'],
      ['a seller is not a buyer', '/api/v1/returns', seller, request, 403, 'FORBIDDEN'],
      ['another buyer\'s item', '/api/v1/returns', other, request, 404, 'NOT_FOUND'],
      ['not delivered yet', '/api/v1/returns', buyer, { ...request, orderItemId: shipping }, 409, 'NOT_DELIVERED'],
      ['unknown reason', '/api/v1/returns', buyer, { ...request, reason: 'BORED' }, 400, 'INVALID_INPUT'],
      ['unknown field', '/api/v1/exchanges', buyer, { ...request, fee: 0 }, 400, 'INVALID_INPUT'],
      ['no pickup address', '/api/v1/exchanges', buyer, { orderItemId: delivered, reason: 'DEFECTIVE' }, 400, 'INVALID_INPUT'],
      ['not JSON', '/api/v1/returns', buyer, '{"orderItemId":', 400, 'MALFORMED_JSON'],
    ];
    for (const [name, path, token, body, status, code] of cases) {
      const answer = await fx.send('POST', path, token, body);
      assert.equal(answer.status, status, `${name}: ${answer.text}`);
      assert.equal(errorCode(answer), code, name);
    }
    assert.equal(await fx.count('SELECT 1 FROM after_sale_requests'), 0, 'no request was stored');

    const ret = await fx.expect(201, 'POST', '/api/v1/returns', buyer, request);
    assert.deepEqual(
      { kind: ret.kind, status: ret.status, fee: ret.fee, refundAmount: ret.refundAmount, buyerFault: ret.buyerFault, version: ret.version },
      { kind: 'RETURN', status: 'REQUESTED', fee: 3_000, refundAmount: 17_000, buyerFault: true, version: 0 },
    );
    const exchange = await fx.expect(201, 'POST', '/api/v1/exchanges', buyer, { ...request, orderItemId: second, reason: 'DEFECTIVE' });
    assert.deepEqual({ fee: exchange.fee, refundAmount: exchange.refundAmount, buyerFault: exchange.buyerFault }, { fee: 0, refundAmount: 0, buyerFault: false });

    const again = await fx.send('POST', '/api/v1/exchanges', buyer, request);
    assert.equal(again.status, 409);
    assert.equal(errorCode(again), 'AFTER_SALE_EXISTS', 'one live request per item, return or exchange');

    assert.equal((await fx.expect(200, 'GET', `/api/v1/returns/${ret.id}`, buyer)).id, ret.id);
    assert.equal((await fx.expect(200, 'GET', `/api/v1/returns/${ret.id}`, seller)).id, ret.id, 'the seller reads it too');
    assert.equal(errorCode(await fx.send('GET', `/api/v1/returns/${ret.id}`, other)), 'NOT_FOUND');
    assert.equal(errorCode(await fx.send('GET', `/api/v1/exchanges/${ret.id}`, buyer)), 'NOT_FOUND', 'a return is not an exchange');
  });

  it('after-sale - the seller moves a return step by step; completing refunds exactly once, however often retried', async () => {
    const { orderId, itemIds: [itemId], merchantUid } = await fx.order(buyerId, shop, [{ unitPrice: 12_000 }, { unitPrice: 4_000 }]);
    const ret = await fx.expect(201, 'POST', '/api/v1/returns', buyer, { orderItemId: itemId, reason: 'CHANGED_MIND', pickupAddress: 'Seoul' });
    const path = `/api/v1/seller/returns/${ret.id}/status`;
    const outsiderShop = await fx.shop();
    const outsider = await fx.token(outsiderShop.ownerId, 'seller');

    const refused: [string, string, unknown, number, string][] = [
      ['another seller', outsider, { to: 'APPROVED', version: 0 }, 404, 'NOT_FOUND'],
      ['a buyer', buyer, { to: 'APPROVED', version: 0 }, 403, 'FORBIDDEN'],
      ['skipping steps', seller, { to: 'COMPLETED', version: 0, condition: 'SELLABLE' }, 409, 'ILLEGAL_TRANSITION'],
      ['a stale version', seller, { to: 'APPROVED', version: 3 }, 409, 'VERSION_CONFLICT'],
      ['an unknown state', seller, { to: 'LOST', version: 0 }, 400, 'INVALID_INPUT'],
    ];
    for (const [name, token, body, status, code] of refused) {
      const answer = await fx.send('POST', path, token, body);
      assert.equal(answer.status, status, `${name}: ${answer.text}`);
      assert.equal(errorCode(answer), code, name);
    }
    await fx.expect(200, 'POST', path, seller, { to: 'APPROVED', version: 0 });
    const picked = await fx.expect(200, 'POST', path, seller, { to: 'PICKED_UP', version: 1, note: 'courier took it' });
    assert.equal(picked.note, 'courier took it');

    // the gateway is down: nothing changes, the call can be repeated
    fx.gateway.failures = 1;
    const failed = await fx.send('POST', path, seller, { to: 'COMPLETED', version: 2, condition: 'UNSELLABLE' });
    assert.equal(failed.status, 502);
    assert.equal(errorCode(failed), 'REFUND_FAILED');
    assert.equal((await fx.expect(200, 'GET', `/api/v1/returns/${ret.id}`, buyer)).status, 'PICKED_UP');
    assert.equal(await fx.count('SELECT 1 FROM refunds WHERE order_id = $1', [orderId]), 0);

    // the retry succeeds; more retries, some concurrent, answer the same completed return
    const answers = await Promise.all([1, 2, 3, 4].map(() => fx.send('POST', path, seller, { to: 'COMPLETED', version: 2, condition: 'UNSELLABLE' })));
    for (const answer of answers) {
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual({ status: answer.json().status, version: answer.json().version }, { status: 'COMPLETED', version: 3 });
    }
    await fx.expect(200, 'POST', path, seller, { to: 'COMPLETED', version: 2, condition: 'UNSELLABLE' });
    const mine = fx.gateway.cancels.filter((c) => c.merchantUid === merchantUid);
    assert.equal(mine.length, 1, 'one cancel at the gateway');
    assert.equal(mine[0].amount, 9_000, 'item amount less the buyer-fault return fee');
    assert.equal(await fx.count('SELECT 1 FROM refunds WHERE order_id = $1', [orderId]), 1);
    const { rows: [payment] } = await fx.db.query('SELECT cancelled_amount, status FROM payments WHERE order_id = $1', [orderId]);
    assert.deepEqual({ cancelled: Number(payment.cancelled_amount), status: payment.status }, { cancelled: 9_000, status: 'PARTIAL_CANCELLED' });

    const late = await fx.send('POST', path, seller, { to: 'REJECTED', version: 3 });
    assert.equal(errorCode(late), 'ILLEGAL_TRANSITION', 'a completed return is final');
  });

  it('after-sale - a seller cancels an unshipped item with a refund, once; a shipped item is refused', async () => {
    const { orderId, itemIds: [preparing, shipped], merchantUid } = await fx.order(buyerId, shop, [
      { unitPrice: 7_000, quantity: 2, shipmentStatus: 'PREPARING' }, { unitPrice: 3_000, shipmentStatus: 'SHIPPING' },
    ]);
    const refusedShipped = await fx.send('POST', `/api/v1/seller/order-items/${shipped}/cancel`, seller, { reason: 'out of stock', version: 0 });
    assert.equal(refusedShipped.status, 409);
    assert.equal(errorCode(refusedShipped), 'NOT_CANCELLABLE');
    const outsider = await fx.token((await fx.shop()).ownerId, 'seller');
    assert.equal(errorCode(await fx.send('POST', `/api/v1/seller/order-items/${preparing}/cancel`, outsider, { reason: 'x', version: 0 })), 'SELLER_REQUIRED');
    assert.equal(errorCode(await fx.send('POST', `/api/v1/seller/order-items/${preparing}/cancel`, seller, { reason: 'x', version: 7 })), 'VERSION_CONFLICT');

    for (let attempt = 0; attempt < 3; attempt++) {
      const cancelled = await fx.expect(200, 'POST', `/api/v1/seller/order-items/${preparing}/cancel`, seller, { reason: 'out of stock', version: 0 });
      assert.deepEqual({ status: cancelled.shipmentStatus, refund: cancelled.refundAmount, version: cancelled.version }, { status: 'CANCELLED', refund: 14_000, version: 1 });
    }
    assert.deepEqual(fx.gateway.cancels.filter((c) => c.merchantUid === merchantUid).map((c) => c.amount), [14_000]);
    const order = await fx.db.query('SELECT status FROM shop_orders WHERE id = $1', [orderId]);
    assert.equal(order.rows[0].status, 'SHIPPING', 'the order follows its live item');

    const single = await fx.order(buyerId, shop, [{ unitPrice: 5_000, shipmentStatus: 'PENDING' }]);
    const nc = await connectNats(fx.ns.config.nats);
    const pushes: unknown[] = [];
    nc.subscribe(pushSubject(fx.ns.name, orderTopic(single.orderId)), { callback: (_err, msg) => void pushes.push(msg.json()) });
    await nc.flush();
    await fx.expect(200, 'POST', `/api/v1/seller/order-items/${single.itemIds[0]}/cancel`, seller, { reason: 'discontinued', version: 0 });
    await waitFor(() => pushes.length > 0, { message: 'the SELLER_CANCELLED push' });
    await nc.close();
    assert.deepEqual(pushes, [{ type: 'order', orderId: single.orderId, status: 'SELLER_CANCELLED' }]);
    const { rows: [state] } = await fx.db.query(
      'SELECT o.status, p.status AS payment, p.cancelled_amount FROM shop_orders o JOIN payments p ON p.order_id = o.id WHERE o.id = $1',
      [single.orderId],
    );
    assert.deepEqual({ order: state.status, payment: state.payment, cancelled: Number(state.cancelled_amount) }, { order: 'SELLER_CANCELLED', payment: 'CANCELLED', cancelled: 5_000 });
  });
});
