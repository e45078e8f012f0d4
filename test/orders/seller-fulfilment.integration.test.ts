// Seller fulfilment through HTTP (issue 18 part 1): a seller's order list holds its own items of paid
// orders with their receivers and never another seller's (two sellers with items in one order), paged by
// an opaque cursor; a seller ships its own items as a parcel with a tracking number the buyer reads; and
// each seller member hears of a new paid order over its WebSocket, with its own items only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { JSON_SUBPROTOCOL } from '../../engine/push/push-types.js';
import { errorCode } from '../support/auth-api.js';
import type { HttpAnswer } from '../support/http-client.js';
import { waitFor } from '../support/eventually.js';
import type { GatewayControl } from './order-books.js';
import { OrderFixture, receiver } from './order-fixture.js';
import { newUserId, openShop, paidOrder, type TestShop } from './seller-shop.js';

interface ListedItem {
  orderId: string;
  orderItemId: number;
  sellerId: number;
  sku: number;
  quantity: number;
  shipmentStatus: string;
  courier?: string;
  trackingNumber?: string;
  receiver: { name: string; phone: string; address: string };
}

describe('seller fulfilment (integration)', () => {
  let fx: OrderFixture;
  let gateway: GatewayControl;
  const sockets: WebSocket[] = [];

  before(async () => {
    ({ fx, gateway } = await OrderFixture.withFakeGateway());
  });
  after(async () => {
    for (const socket of sockets) socket.terminate();
    await fx?.close();
  });

  const buyerToken = () => fx.cat.token(newUserId(), 'buyer');
  const list = async (token: string, query = ''): Promise<{ items: ListedItem[]; next: string | null }> => fx.cat.expect(200, 'GET', `/api/v1/seller/orders${query}`, token);

  it('seller orders - each seller lists only its own items of an order, with the receiver; paged by cursor', async () => {
    const [first, second] = [await openShop(fx), await openShop(fx)];
    const buyer = await buyerToken();
    const shared = await paidOrder(fx, buyer, [{ sku: first.skus[0] }, { sku: second.skus[0], quantity: 2 }]);
    const otherReceiver = { name: 'Park Second', phone: '010-9999-0000', address: '9 Other Street, Busan' };
    const alone = await paidOrder(fx, await buyerToken(), [{ sku: second.skus[0] }], otherReceiver);

    const firstList = await list(first.token);
    assert.deepEqual(firstList.items.map((i) => [i.orderId, i.orderItemId, i.sellerId, i.quantity, i.shipmentStatus]),
      [[shared.orderId, shared.itemOf(first.skus[0]), first.sellerId, 1, 'PENDING']], 'its one item, never the other seller\'s');
    assert.deepEqual(firstList.items[0].receiver, receiver);
    assert.equal(firstList.next, null);

    const secondList = await list(second.token);
    assert.deepEqual(secondList.items.map((i) => [i.orderId, i.orderItemId, i.quantity]),
      [[alone.orderId, alone.itemOf(second.skus[0]), 1], [shared.orderId, shared.itemOf(second.skus[0]), 2]], 'newest first');
    assert.deepEqual(secondList.items.map((i) => i.receiver), [otherReceiver, receiver]);
    assert.ok(secondList.items.every((i) => i.sellerId === second.sellerId));

    const page1 = await list(second.token, '?limit=1');
    assert.equal(page1.items.length, 1);
    assert.ok(page1.next, 'a next page');
    const page2 = await list(second.token, `?limit=1&cursor=${encodeURIComponent(page1.next!)}`);
    assert.deepEqual([...page1.items, ...page2.items], secondList.items);
    assert.equal(page2.next, null, 'the last page');
    assert.deepEqual((await list(second.token, '?status=SHIPPING')).items, []);
    assert.equal((await list(second.token, '?status=PENDING')).items.length, 2);

    const nobody = await fx.cat.token(newUserId(), 'seller');
    assert.deepEqual(await list(nobody), { items: [], next: null }, 'a seller account of no seller sees nothing');
    for (const [name, token, query, status, code] of [
      ['no token', undefined, '', 401, 'UNAUTHENTICATED'],
      ['a buyer', buyer, '', 403, 'FORBIDDEN'],
      ['an unknown status', first.token, '?status=LOST', 400, 'INVALID_INPUT'],
      ['a made-up cursor', first.token, '?cursor=MTIz', 400, 'INVALID_CURSOR'],
      ['a bad limit', first.token, '?limit=0', 400, 'INVALID_INPUT'],
    ] as const) {
      const answer = await fx.cat.send('GET', `/api/v1/seller/orders${query}`, token);
      assert.deepEqual([answer.status, errorCode(answer)], [status, code], name);
    }
  });

  it('shipments - a seller ships its own items with courier and tracking, the buyer reads them; refusals with codes', async () => {
    const [first, second] = [await openShop(fx, 2), await openShop(fx)];
    const buyer = await buyerToken();
    const order = await paidOrder(fx, buyer, [{ sku: first.skus[0] }, { sku: first.skus[1] }, { sku: second.skus[0] }]);
    const [mine, mineToo, theirs] = [order.itemOf(first.skus[0]), order.itemOf(first.skus[1]), order.itemOf(second.skus[0])];
    const ship = (token: string | undefined, body: unknown, orderId = order.orderId) => fx.cat.send('POST', `/api/v1/seller/orders/${orderId}/shipments`, token, body);
    const parcel = { itemIds: [mine], courier: 'CJ Logistics', trackingNumber: '6012-3456-7890' };

    const refusals: [string, Promise<HttpAnswer>, number, string][] = [
      ['no token', ship(undefined, parcel), 401, 'UNAUTHENTICATED'],
      ['a buyer', ship(buyer, parcel), 403, 'FORBIDDEN'],
      ['another seller\'s item', ship(second.token, parcel), 404, 'NOT_FOUND'],
      ['one of the items another seller\'s', ship(first.token, { ...parcel, itemIds: [mine, theirs] }), 404, 'NOT_FOUND'],
      ['an item of no such order', ship(first.token, parcel, '00000000-0000-7000-8000-000000000000'), 404, 'NOT_FOUND'],
      ['not an order id', ship(first.token, parcel, 'nope'), 404, 'NOT_FOUND'],
      ['no items', ship(first.token, { ...parcel, itemIds: [] }), 400, 'INVALID_INPUT'],
      ['an item twice', ship(first.token, { ...parcel, itemIds: [mine, mine] }), 400, 'INVALID_INPUT'],
      ['a bad tracking number', ship(first.token, { ...parcel, trackingNumber: 'x' }), 400, 'INVALID_INPUT'],
      ['an unknown field', ship(first.token, { ...parcel, status: 'DELIVERED' }), 400, 'INVALID_INPUT'],
    ];
    for (const [name, answer, status, code] of refusals) {
      const a = await answer;
      assert.deepEqual([a.status, errorCode(a)], [status, code], `${name}: ${a.text}`);
    }
    assert.deepEqual((await fx.cat.expect(200, 'GET', `/api/v1/orders/${order.orderId}`, buyer)).items.map((i: { shipmentStatus: string }) => i.shipmentStatus),
      ['PENDING', 'PENDING', 'PENDING'], 'no refusal moved anything');

    const shipped = await ship(first.token, parcel);
    assert.equal(shipped.status, 201, shipped.text);
    const view = shipped.json();
    assert.deepEqual([view.orderId, view.status, view.courier, view.trackingNumber, view.itemIds], [order.orderId, 'SHIPPING', parcel.courier, parcel.trackingNumber, [mine]]);
    const again = await ship(first.token, parcel);
    assert.deepEqual([again.status, again.json()], [200, view], 'the same request again answers the same parcel');
    const otherParcel = await ship(first.token, { ...parcel, trackingNumber: '9999-0000' });
    assert.deepEqual([otherParcel.status, errorCode(otherParcel)], [409, 'ILLEGAL_SHIPMENT_TRANSITION'], 'a shipped item ships once');
    const mixed = await ship(first.token, { ...parcel, itemIds: [mine, mineToo] });
    assert.deepEqual([mixed.status, errorCode(mixed)], [409, 'ILLEGAL_SHIPMENT_TRANSITION'], 'all items or none');

    // a PREPARING item ships too (the older per-item route moves it there)
    await fx.cat.expect(200, 'POST', `/api/v1/seller/orders/${order.orderId}/items/${mineToo}/shipment`, first.token, { status: 'PREPARING' });
    await fx.cat.expect(201, 'POST', `/api/v1/seller/orders/${order.orderId}/shipments`, first.token, { itemIds: [mineToo], courier: 'Hanjin', trackingNumber: 'HJ-12345' });

    const read = await fx.cat.expect(200, 'GET', `/api/v1/orders/${order.orderId}`, buyer);
    const item = (id: number) => read.items.find((i: { orderItemId: number }) => i.orderItemId === id);
    assert.equal(read.status, 'SHIPPING');
    assert.deepEqual([item(mine).shipmentStatus, item(mine).courier, item(mine).trackingNumber, item(mine).shipmentId], ['SHIPPING', parcel.courier, parcel.trackingNumber, view.shipmentId]);
    assert.deepEqual([item(mineToo).courier, item(mineToo).trackingNumber], ['Hanjin', 'HJ-12345']);
    assert.deepEqual([item(theirs).shipmentStatus, item(theirs).courier, item(theirs).trackingNumber], ['PENDING', undefined, undefined]);

    const sellerView = (await list(first.token, '?status=SHIPPING')).items;
    assert.deepEqual(sellerView.map((i) => [i.orderItemId, i.courier, i.trackingNumber]), [[mineToo, 'Hanjin', 'HJ-12345'], [mine, parcel.courier, parcel.trackingNumber]]);
    assert.deepEqual((await list(second.token)).items.map((i) => [i.orderItemId, i.shipmentStatus, i.courier]), [[theirs, 'PENDING', undefined]]);
  });

  it('shipments - parcels racing for the same item: exactly one ships it', async () => {
    const shop = await openShop(fx);
    const order = await paidOrder(fx, await buyerToken(), [{ sku: shop.skus[0] }]);
    const itemId = order.itemOf(shop.skus[0]);
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => fx.cat.send('POST', `/api/v1/seller/orders/${order.orderId}/shipments`, shop.token,
      { itemIds: [itemId], courier: 'CJ Logistics', trackingNumber: `RACE-${i}000` })));
    assert.deepEqual(answers.map((a) => a.status).sort(), [201, 409, 409, 409, 409, 409]);
    const winner = answers.find((a) => a.status === 201)!.json();
    const { rows } = await fx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM order_shipments WHERE order_id = $1', [order.orderId]);
    assert.equal(rows[0].n, 1, 'one parcel');
    assert.deepEqual((await list(shop.token)).items.map((i) => i.trackingNumber), [winner.trackingNumber]);
  });

  it('shipments - the items of an order its buyer cancelled cannot ship', async () => {
    const shop = await openShop(fx);
    const buyer = await buyerToken();
    const order = await paidOrder(fx, buyer, [{ sku: shop.skus[0] }]);
    await fx.cat.expect(202, 'DELETE', `/api/v1/orders/${order.orderId}`, buyer);
    await fx.rx.until('cancelled', async () => (await fx.orderRow(order.orderId)).status === 'CANCELLED');
    const answer = await fx.cat.send('POST', `/api/v1/seller/orders/${order.orderId}/shipments`, shop.token,
      { itemIds: [order.itemOf(shop.skus[0])], courier: 'CJ Logistics', trackingNumber: '1111-2222' });
    assert.deepEqual([answer.status, errorCode(answer)], [409, 'ILLEGAL_SHIPMENT_TRANSITION']);
    assert.deepEqual((await list(shop.token)).items, [], 'a cancelled order leaves the seller\'s list');
  });

  it('seller push - every member of each seller hears of a new paid order, with its own items only', async () => {
    const [first, second] = [await openShop(fx), await openShop(fx)];
    const colleague = newUserId();
    await fx.cat.expect(204, 'POST', `/api/v1/seller/sellers/${second.sellerId}/members`, second.token, { userId: colleague });
    const buyerId = newUserId();
    const [firstEvents, secondEvents, colleagueEvents, buyerEvents] = await Promise.all([
      connect(first.ownerId, 'seller'), connect(second.ownerId, 'seller'), connect(colleague, 'seller'), connect(buyerId, 'buyer'),
    ]);

    const buyer = await fx.cat.token(buyerId, 'buyer');
    const order = await paidOrder(fx, buyer, [{ sku: first.skus[0], quantity: 3 }, { sku: second.skus[0] }]);
    const notice = (shop: TestShop, quantity: number) => ({
      type: 'seller.order', orderId: order.orderId,
      items: [{ orderItemId: order.itemOf(shop.skus[0]), sellerId: shop.sellerId, itemId: shop.itemIds[0], sku: shop.skus[0], quantity, unitPrice: 10_000 }],
    });

    const sellerNotices = (events: Record<string, unknown>[]) => events.filter((e) => e.type === 'seller.order');
    await waitFor(() => [firstEvents, secondEvents, colleagueEvents].every((events) => sellerNotices(events).length > 0), { message: 'every member\'s notice' });
    assert.deepEqual(sellerNotices(firstEvents), [notice(first, 3)]);
    assert.deepEqual(sellerNotices(secondEvents), [notice(second, 1)]);
    assert.deepEqual(sellerNotices(colleagueEvents), [notice(second, 1)], 'a member, not only the owner');
    await waitFor(() => buyerEvents.some((e) => e.type === 'order' && e.status === 'PAID'), { message: 'the buyer\'s PAID push' });
    assert.deepEqual(sellerNotices(buyerEvents), [], 'the buyer hears no seller notice');
  });

  it('seller push - an order the per-order saga pays (its actor died mid-payment) is told to its seller once', async () => {
    const shop = await openShop(fx);
    const sellerEvents = await connect(shop.ownerId, 'seller');
    await gateway.set({ latencyMs: 1_500 });
    const placed = await fx.order(await buyerToken(), { items: [{ sku: shop.skus[0], quantity: 1 }] });
    assert.equal(placed.status, 202, placed.text);
    const { orderId } = placed.json();
    await fx.rx.until('the order written, its payment in flight', async () => (await fx.orderRow(orderId)).saga_step === 'AUTHORIZE', 10_000);
    await fx.cat.fx.roles.get('orchestrator')!.kill9();
    await gateway.set({ latencyMs: 0 });
    await fx.cat.fx.startRole('orchestrator');
    assert.equal((await fx.untilFinal(orderId)).status, 'PAID');
    await waitFor(() => sellerEvents.some((e) => e.type === 'seller.order'), { message: 'the seller\'s notice' });
    await new Promise((r) => setTimeout(r, 300)); // a second notice would be on its way by now
    assert.deepEqual(sellerEvents.filter((e) => e.type === 'seller.order').map((e) => e.orderId), [orderId]);
    const { rows } = await fx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM order_events WHERE order_id = $1 AND type = 'STEP_CONFIRM'`, [orderId]);
    assert.equal(rows[0].n, 1, 'the per-order saga paid it');
  });

  /** A WebSocket of the user on the fixture's edge; answers the `data` of every event it receives. */
  async function connect(userId: number, role: 'seller' | 'buyer'): Promise<Record<string, unknown>[]> {
    const token = await fx.cat.token(userId, role);
    const socket = new WebSocket(`${fx.cat.fx.http.baseUrl.replace(/^http/, 'ws')}/ws`, [JSON_SUBPROTOCOL, `bearer.${token}`]);
    sockets.push(socket);
    const events: Record<string, unknown>[] = [];
    let hello = false;
    socket.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as { type: string; data?: Record<string, unknown> };
      if (frame.type === 'hello') hello = true;
      if (frame.type === 'event' && frame.data) events.push(frame.data);
    });
    await waitFor(() => hello, { message: `the hello of user ${userId}` });
    return events;
  }
});
