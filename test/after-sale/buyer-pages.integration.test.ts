// The buyer's pages through the edge: "my reviews", the receipt of a paid order, hiding a final order
// from the order list, and the wishlist (idempotent, capped under concurrency). Each answers 401 without
// a token, 403 to the wrong role and 404 for someone else's order or an item the public cannot see.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buyerOrderRoutes } from '../../edge/orders/buyer-order-routes.js';
import { orderRoutes } from '../../edge/orders/order-routes.js';
import { wishlistRoutes } from '../../edge/catalog/wishlist-routes.js';
import { AfterSaleFixture, type Scene } from './after-sale-fixture.js';

const WISHLIST_MAX = 3;

describe('buyer pages (integration)', () => {
  let scene: Scene;
  let other: string;
  let admin: string;

  before(async () => {
    const fx = await AfterSaleFixture.start({ WISHLIST_MAX_ITEMS: String(WISHLIST_MAX) }, undefined, (gateway) => [orderRoutes(() => gateway), buyerOrderRoutes, wishlistRoutes]);
    scene = await fx.scene();
    other = await fx.token(await fx.user('Park Other'), 'buyer');
    admin = await fx.token(1, 'admin');
  });
  after(async () => {
    await scene?.fx.close();
  });

  it('my reviews - the author pages through their own reviews, hidden ones marked; nobody else\'s', async () => {
    const { fx, shop, buyerId, buyer, seller } = scene;
    const { itemIds } = await fx.order(buyerId, shop, [{ unitPrice: 1_000 }, { unitPrice: 2_000 }, { unitPrice: 3_000 }]);
    const reviews: { id: number; version: number }[] = [];
    for (const [i, orderItemId] of itemIds.entries()) reviews.push(await fx.expect(201, 'POST', '/api/v1/reviews', buyer, { orderItemId, title: `review ${i}`, stars: 4 }));
    const otherId = await fx.user('Lim Other');
    const theirs = await fx.order(otherId, shop, [{ unitPrice: 1_000 }]);
    await fx.expect(201, 'POST', '/api/v1/reviews', await fx.token(otherId, 'buyer'), { orderItemId: theirs.itemIds[0], title: 'theirs', stars: 1 });
    await fx.expect(200, 'POST', `/api/v1/seller/reviews/${reviews[0].id}/hide`, seller, { version: 0, reason: 'abusive' });

    const first = await fx.expect(200, 'GET', '/api/v1/reviews/mine?limit=2', buyer);
    assert.deepEqual(first.items.map((r: { id: number }) => r.id), [reviews[2].id, reviews[1].id]);
    const rest = await fx.expect(200, 'GET', `/api/v1/reviews/mine?limit=2&cursor=${first.next}`, buyer);
    assert.deepEqual(rest.items.map((r: { id: number; hidden: boolean }) => [r.id, r.hidden]), [[reviews[0].id, true]], 'the author sees the hidden one');
    assert.equal(rest.next, null);
    assert.deepEqual((await fx.expect(200, 'GET', '/api/v1/reviews/mine', other)).items, [], 'a buyer without reviews sees none of others');
    assert.equal((await fx.expect(200, 'GET', `/api/v1/reviews/${reviews[1].id}`)).id, reviews[1].id, 'reading one review by id still works');

    await fx.refuses('no token', 401, 'UNAUTHENTICATED', 'GET', '/api/v1/reviews/mine');
    await fx.refuses('a seller is not a buyer', 403, 'FORBIDDEN', 'GET', '/api/v1/reviews/mine', seller);
    await fx.refuses('a bad limit', 400, 'INVALID_INPUT', 'GET', '/api/v1/reviews/mine?limit=0', buyer);
  });

  it('receipt - items, amounts, the masked card, refunds so far and timestamps, for the owner only', async () => {
    const { fx, shop, buyerId, buyer, seller } = scene;
    const { orderId, itemIds } = await fx.order(buyerId, shop, [{ unitPrice: 12_000 }, { unitPrice: 4_000, quantity: 2 }]);
    await fx.db.query(`UPDATE payments SET card_last4 = '4242', receipt_url = 'https://pay.example/r/1' WHERE order_id = $1`, [orderId]);
    await fx.db.query(`INSERT INTO order_events (order_id, type, from_status, to_status) VALUES ($1, 'STATUS', 'ORDERED', 'PAID')`, [orderId]);
    const ret = await fx.expect(201, 'POST', '/api/v1/returns', buyer, { orderItemId: itemIds[0], reason: 'DEFECTIVE', pickupAddress: 'Seoul' });
    for (const [to, version] of [['APPROVED', 0], ['PICKED_UP', 1]] as const) await fx.expect(200, 'POST', `/api/v1/seller/returns/${ret.id}/status`, seller, { to, version });
    await fx.expect(200, 'POST', `/api/v1/seller/returns/${ret.id}/status`, seller, { to: 'COMPLETED', version: 2, condition: 'UNSELLABLE' });

    const receipt = await fx.expect(200, 'GET', `/api/v1/orders/${orderId}/receipt`, buyer);
    assert.deepEqual(receipt.items.map((i: { name: string; quantity: number; unitPrice: number; amount: number }) => [i.name, i.quantity, i.unitPrice, i.amount]),
      [['Mug', 1, 12_000, 12_000], ['Mug', 2, 4_000, 8_000]]);
    assert.deepEqual(receipt.payment, { method: 'CARD', status: 'PARTIAL_CANCELLED', amount: 20_000, maskedCard: '**** **** **** 4242', receiptUrl: 'https://pay.example/r/1' });
    assert.deepEqual(receipt.refunds.map((r: { source: string; amount: number }) => [r.source, r.amount]), [['RETURN', 12_000]]);
    assert.deepEqual([receipt.totalAmount, receipt.refundedAmount, receipt.netAmount], [20_000, 12_000, 8_000]);
    for (const at of [receipt.orderedAt, receipt.paidAt, receipt.issuedAt, receipt.refunds[0].at]) assert.ok(!Number.isNaN(Date.parse(at)), `a timestamp: ${at}`);
    assert.ok(!JSON.stringify(receipt).includes('card_token'), 'no billing key on a receipt');

    // a whole-order cancellation shows as what it gave back beyond the per-item refunds
    const cancelled = await fx.order(buyerId, shop, [{ unitPrice: 5_000 }]);
    await fx.db.query(`UPDATE payments SET status = 'CANCELLED', cancelled_amount = amount WHERE order_id = $1`, [cancelled.orderId]);
    const refundedAll = await fx.expect(200, 'GET', `/api/v1/orders/${cancelled.orderId}/receipt`, buyer);
    assert.deepEqual([refundedAll.refunds.map((r: { source: string; amount: number }) => [r.source, r.amount]), refundedAll.netAmount], [[['ORDER_CANCEL', 5_000]], 0]);

    const unpaid = await fx.order(buyerId, shop, [{ unitPrice: 1_000 }]);
    await fx.db.query('DELETE FROM payments WHERE order_id = $1', [unpaid.orderId]);
    const refused: [string, string, string | undefined, number, string][] = [
      ['no token', orderId, undefined, 401, 'UNAUTHENTICATED'],
      ['an admin is no buyer', orderId, admin, 403, 'FORBIDDEN'],
      ['another buyer\'s order', orderId, other, 404, 'NOT_FOUND'],
      ['not an order id', 'not-a-uuid', buyer, 404, 'NOT_FOUND'],
      ['never paid', unpaid.orderId, buyer, 409, 'NOT_PAID'],
    ];
    for (const [name, id, token, status, code] of refused) await fx.refuses(name, status, code, 'GET', `/api/v1/orders/${id}/receipt`, token);
  });

  it('history - a final order leaves the buyer\'s list, still readable by id; an order in progress stays', async () => {
    const { fx, shop, buyerId, buyer } = scene;
    const delivered = await fx.order(buyerId, shop, [{ unitPrice: 3_000 }]);
    await fx.db.query(`UPDATE shop_orders SET status = 'DELIVERED' WHERE id = $1`, [delivered.orderId]);
    const inProgress = await fx.order(buyerId, shop, [{ unitPrice: 3_000, shipmentStatus: 'SHIPPING' }]);
    const listed = async () => (await fx.expect(200, 'GET', '/api/v1/orders?limit=100', buyer)).items.map((o: { orderId: string }) => o.orderId);
    assert.ok((await listed()).includes(delivered.orderId));

    const refused: [string, string, string | undefined, number, string][] = [
      ['no token', delivered.orderId, undefined, 401, 'UNAUTHENTICATED'],
      ['an admin is no buyer', delivered.orderId, admin, 403, 'FORBIDDEN'],
      ['another buyer\'s order', delivered.orderId, other, 404, 'NOT_FOUND'],
      ['no such order', '00000000-0000-7000-8000-000000000000', buyer, 404, 'NOT_FOUND'],
      ['an order in progress', inProgress.orderId, buyer, 409, 'ORDER_IN_PROGRESS'],
    ];
    for (const [name, id, token, status, code] of refused) await fx.refuses(name, status, code, 'DELETE', `/api/v1/orders/${id}/history`, token);
    assert.ok((await listed()).includes(delivered.orderId), 'refusals hide nothing');

    const hides = await Promise.all([1, 2, 3].map(() => fx.send('DELETE', `/api/v1/orders/${delivered.orderId}/history`, buyer)));
    assert.deepEqual(hides.map((a) => a.status), [204, 204, 204]);
    const after = await listed();
    assert.ok(!after.includes(delivered.orderId), 'hidden from the list');
    assert.ok(after.includes(inProgress.orderId), 'the order in progress stays listed');
    assert.equal((await fx.expect(200, 'GET', `/api/v1/orders/${delivered.orderId}`, buyer)).orderId, delivered.orderId, 'still readable by id');
    await fx.expect(200, 'GET', `/api/v1/orders/${delivered.orderId}/receipt`, buyer);
  });

  it('wishlist - idempotent adds, the owner\'s list only, unknown or unseen items 404, the cap held under concurrency', async () => {
    const { fx, shop, buyer, seller } = scene;
    const first = await fx.send('PUT', `/api/v1/wishlist/${shop.itemId}`, buyer);
    assert.equal(first.status, 201, first.text);
    const again = await fx.send('PUT', `/api/v1/wishlist/${shop.itemId}`, buyer);
    assert.equal(again.status, 200);
    assert.deepEqual(again.json(), first.json(), 'the same entry');
    assert.deepEqual(first.json().itemId, shop.itemId);
    assert.equal(first.json().onSale, true);

    const planned = await fx.item(shop.sellerId, shop.categoryId, 'PLANNING');
    const refused: [string, string, string, string | undefined, number, string][] = [
      ['no token', 'PUT', `${shop.itemId}`, undefined, 401, 'UNAUTHENTICATED'],
      ['a seller is not a buyer', 'GET', '', seller, 403, 'FORBIDDEN'],
      ['an unknown item', 'PUT', '999999999', buyer, 404, 'NOT_FOUND'],
      ['an item the public cannot see', 'PUT', `${planned.itemId}`, buyer, 404, 'NOT_FOUND'],
      ['not an id', 'PUT', 'mug', buyer, 404, 'NOT_FOUND'],
      ['removing an unknown item', 'DELETE', '999999999', buyer, 404, 'NOT_FOUND'],
    ];
    for (const [name, method, tail, token, status, code] of refused) await fx.refuses(name, status, code, method, `/api/v1/wishlist${tail ? `/${tail}` : ''}`, token);

    // another buyer neither sees nor removes my entry
    assert.deepEqual((await fx.expect(200, 'GET', '/api/v1/wishlist', other)).items, []);
    assert.equal((await fx.send('DELETE', `/api/v1/wishlist/${shop.itemId}`, other)).status, 204);
    assert.deepEqual((await fx.expect(200, 'GET', '/api/v1/wishlist', buyer)).items.map((e: { itemId: number }) => e.itemId), [shop.itemId]);

    // six items at once: exactly the cap is kept
    const items = await Promise.all(Array.from({ length: 6 }, () => fx.item(shop.sellerId, shop.categoryId)));
    const adds = await Promise.all(items.map((i) => fx.send('PUT', `/api/v1/wishlist/${i.itemId}`, other)));
    assert.equal(adds.filter((a) => a.status === 201).length, WISHLIST_MAX, adds.map((a) => a.status).join());
    assert.ok(adds.every((a) => a.status === 201 || (a.status === 409 && a.json().error.code === 'WISHLIST_FULL')));
    const page = await fx.expect(200, 'GET', '/api/v1/wishlist?limit=2', other);
    assert.equal(page.items.length, 2);
    const tail = await fx.expect(200, 'GET', `/api/v1/wishlist?limit=2&cursor=${page.next}`, other);
    assert.equal(tail.items.length, 1);
    assert.equal(tail.next, null);

    // an entry whose item left sale stays, marked; removing frees a place
    const kept = page.items[0].itemId;
    await fx.db.query(`UPDATE items SET lifecycle = 'END_OF_LIFE' WHERE id = $1`, [kept]);
    assert.equal((await fx.expect(200, 'GET', '/api/v1/wishlist', other)).items.find((e: { itemId: number }) => e.itemId === kept).onSale, false);
    assert.equal((await fx.send('DELETE', `/api/v1/wishlist/${kept}`, other)).status, 204);
    const freed = items.find((i) => !adds.some((a) => a.status === 201 && a.json().itemId === i.itemId))!;
    assert.equal((await fx.send('PUT', `/api/v1/wishlist/${freed.itemId}`, other)).status, 201);
  });
});
