// The buyer's purchase confirmation through HTTP (issue 18 part 1): only a delivered item's receipt can
// be confirmed, only by its buyer, and only a confirmed item is settled with its seller; an item its
// buyer never confirms is confirmed by the scheduler's job ORDER_AUTO_CONFIRM_DAYS after its delivery
// (the delivery is moved back in time with SQL rather than waiting days).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { autoConfirmReceipts } from '../../engine/orders/receipt-confirmation.js';
import { startScheduler } from '../../engine/platform/jobs/scheduler.js';
import { errorCode } from '../support/auth-api.js';
import { waitFor } from '../support/eventually.js';
import { OrderFixture } from './order-fixture.js';
import { newUserId, openShop, paidOrder, type TestShop } from './seller-shop.js';

describe('receipt confirmation (integration)', () => {
  let fx: OrderFixture;

  before(async () => {
    ({ fx } = await OrderFixture.withFakeGateway());
  });
  after(async () => {
    await fx?.close();
  });

  /** A paid order of both the shop's items, shipped as one parcel, of which `delivered` were delivered. */
  async function shippedOrder(shop: TestShop, delivered: number[]) {
    const buyer = await fx.cat.token(newUserId(), 'buyer');
    const order = await paidOrder(fx, buyer, shop.skus.map((sku) => ({ sku })));
    const items = shop.skus.map(order.itemOf);
    await fx.cat.expect(201, 'POST', `/api/v1/seller/orders/${order.orderId}/shipments`, shop.token, { itemIds: items, courier: 'CJ Logistics', trackingNumber: '5555-0001' });
    for (const i of delivered) {
      await fx.cat.expect(200, 'POST', `/api/v1/seller/orders/${order.orderId}/items/${items[i]}/shipment`, shop.token, { status: 'DELIVERED' });
    }
    return { buyer, orderId: order.orderId, items };
  }

  /** The order item ids of the shop's settlement lines this month (lines are made in the month of the confirmation). */
  async function settledItems(shop: TestShop): Promise<number[]> {
    const period = new Date().toISOString().slice(0, 7);
    const report = await fx.cat.expect(200, 'GET', `/api/v1/seller/settlements?seller=${shop.sellerId}&period=${period}`, shop.token);
    return report.items.map((l: { orderItemId: number }) => l.orderItemId);
  }

  const runSettlement = async () => fx.cat.expect(200, 'POST', '/api/v1/admin/settlements/run', await fx.cat.token(1, 'admin'));

  it('receipt - the buyer confirms a delivered item, which is then settled; refusals with codes', async () => {
    const shop = await openShop(fx, 2);
    const { buyer, orderId, items: [delivered, onItsWay] } = await shippedOrder(shop, [0]);
    await runSettlement();
    assert.deepEqual(await settledItems(shop), [], 'a delivered item waits for its receipt confirmation');

    const confirm = (token: string | undefined, itemId: number | string = delivered, order = orderId) =>
      fx.cat.send('POST', `/api/v1/orders/${order}/items/${itemId}/confirm-receipt`, token);
    const refusals: [string, string | undefined, number | string, string, number, string][] = [
      ['no token', undefined, delivered, orderId, 401, 'UNAUTHENTICATED'],
      ['the seller', shop.token, delivered, orderId, 403, 'FORBIDDEN'],
      ['another buyer', await fx.cat.token(newUserId(), 'buyer'), delivered, orderId, 404, 'NOT_FOUND'],
      ['an item of another order', buyer, delivered, '00000000-0000-7000-8000-000000000000', 404, 'NOT_FOUND'],
      ['not an item id', buyer, 'first', orderId, 404, 'NOT_FOUND'],
      ['an item still on its way', buyer, onItsWay, orderId, 409, 'RECEIPT_NOT_CONFIRMABLE'],
    ];
    for (const [name, token, itemId, order, status, code] of refusals) {
      const answer = await confirm(token, itemId, order);
      assert.deepEqual([answer.status, errorCode(answer)], [status, code], `${name}: ${answer.text}`);
    }

    const confirmed = await fx.cat.expect(200, 'POST', `/api/v1/orders/${orderId}/items/${delivered}/confirm-receipt`, buyer);
    assert.deepEqual([confirmed.orderId, confirmed.orderItemId, confirmed.confirmedBy], [orderId, delivered, 'BUYER']);
    assert.deepEqual(await fx.cat.expect(200, 'POST', `/api/v1/orders/${orderId}/items/${delivered}/confirm-receipt`, buyer), confirmed, 'a repeat answers the first confirmation');

    await runSettlement();
    assert.deepEqual(await settledItems(shop), [delivered], 'the confirmed item is settled, the one on its way is not');
    const order = await fx.cat.expect(200, 'GET', `/api/v1/orders/${orderId}`, buyer);
    const item = (id: number) => order.items.find((i: { orderItemId: number }) => i.orderItemId === id);
    assert.equal(item(delivered).receiptConfirmedAt, confirmed.receiptConfirmedAt);
    assert.ok(item(delivered).deliveredAt);
    assert.equal(item(onItsWay).receiptConfirmedAt, undefined);
    assert.equal(order.events.filter((e: { type: string }) => e.type === 'RECEIPT_CONFIRMED').length, 1);
  });

  it('receipt - confirmations at the same time: one confirmation, one event, every answer the same', async () => {
    const shop = await openShop(fx, 1);
    const { buyer, orderId, items: [itemId] } = await shippedOrder(shop, [0]);
    const answers = await Promise.all(Array.from({ length: 8 }, () => fx.cat.send('POST', `/api/v1/orders/${orderId}/items/${itemId}/confirm-receipt`, buyer)));
    assert.deepEqual(answers.map((a) => a.status), Array(8).fill(200));
    assert.equal(new Set(answers.map((a) => a.json().receiptConfirmedAt)).size, 1);
    const { rows } = await fx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM order_events WHERE order_id = $1 AND type = 'RECEIPT_CONFIRMED'`, [orderId]);
    assert.equal(rows[0].n, 1);
  });

  it('receipt - concurrent automatic runs confirm each overdue item once', async () => {
    const shop = await openShop(fx, 2);
    const orders = await Promise.all(Array.from({ length: 3 }, () => shippedOrder(shop, [0, 1])));
    const items = orders.flatMap((o) => o.items);
    await fx.db.query(`UPDATE shop_order_items SET delivered_at = now() - interval '30 days' WHERE id = ANY($1::bigint[])`, [items]);
    const runs = await Promise.all(Array.from({ length: 4 }, () => autoConfirmReceipts(fx.db, fx.cat.config.orders.autoConfirmDays)));
    assert.equal(runs.reduce((a, b) => a + b, 0), items.length, 'the runs confirmed the overdue items between them, each once');
    const { rows } = await fx.db.query<{ n: number; confirmed: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT detail->>'orderItemId')::int AS confirmed FROM order_events
       WHERE order_id = ANY($1::uuid[]) AND type = 'RECEIPT_CONFIRMED'`,
      [orders.map((o) => o.orderId)],
    );
    assert.deepEqual(rows[0], { n: items.length, confirmed: items.length }, 'one confirmation event per item');
  });

  it('receipt - an item left unconfirmed is confirmed ORDER_AUTO_CONFIRM_DAYS after its delivery, then settled', async () => {
    const shop = await openShop(fx, 2);
    const { buyer, orderId, items: [longAgo, recently] } = await shippedOrder(shop, [0, 1]);
    const days = fx.cat.config.orders.autoConfirmDays;
    await fx.db.query(`UPDATE shop_order_items SET delivered_at = now() - make_interval(days => $2) WHERE id = $1`, [longAgo, days + 1]);
    await fx.db.query(`UPDATE shop_order_items SET delivered_at = now() - make_interval(days => $2, mins => -1) WHERE id = $1`, [recently, days]);

    const config = fx.cat.config;
    const scheduler = await startScheduler({
      ...config, orders: { ...config.orders, autoConfirmIntervalMs: 200 }, afterSale: { ...config.afterSale, settlementIntervalMs: 200 },
    });
    try {
      await waitFor(async () => (await settledItems(shop)).length > 0, { timeoutMs: 20_000, message: 'the overdue item confirmed and settled' });
      await new Promise((r) => setTimeout(r, 600)); // a few more runs of both jobs
    } finally {
      await scheduler.stop();
    }
    assert.deepEqual(await settledItems(shop), [longAgo], 'only the item delivered more than the configured days ago');
    const order = await fx.cat.expect(200, 'GET', `/api/v1/orders/${orderId}`, buyer);
    const item = (id: number) => order.items.find((i: { orderItemId: number }) => i.orderItemId === id);
    assert.ok(item(longAgo).receiptConfirmedAt, 'confirmed automatically');
    assert.equal(item(recently).receiptConfirmedAt, undefined, 'still the buyer\'s to confirm');
    const { rows } = await fx.db.query(`SELECT detail FROM order_events WHERE order_id = $1 AND type = 'RECEIPT_CONFIRMED'`, [orderId]);
    assert.deepEqual(rows.map((r) => r.detail), [{ orderItemId: longAgo, by: 'AUTO' }], 'one event, of the automatic confirmation');
    const again = await fx.cat.expect(200, 'POST', `/api/v1/orders/${orderId}/items/${longAgo}/confirm-receipt`, buyer);
    assert.equal(again.confirmedBy, 'AUTO', 'the buyer\'s late confirmation answers the automatic one');
  });
});
