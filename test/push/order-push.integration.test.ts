// Order statuses reach the buyer over /ws: a cart order's every status change is published on
// `order.<id>` (owner only) and on `user.<buyer>`, from the order actor and the per-order saga alike.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PushError } from '../../client/src/push-client.js';
import { OrderFixture } from '../orders/order-fixture.js';
import { ScriptedGateway } from '../orders/scripted-gateway.js';
import { waitFor } from '../support/eventually.js';
import { connectPushClient } from '../support/push-fixture.js';

describe('order push (integration)', () => {
  let fx: OrderFixture;
  const gateway = new ScriptedGateway();
  const clients: { close(): void }[] = [];

  const connect = (userId: number, role: 'buyer' | 'admin' = 'buyer') =>
    connectPushClient(`ws://127.0.0.1:${fx.cat.config.http.port}/ws`, () => fx.cat.token(userId, role), undefined, (c) => clients.push(c));

  before(async () => {
    fx = await OrderFixture.start(['edge']);
    await fx.startOrchestrator(gateway);
  });
  after(async () => {
    for (const client of clients) client.close();
    await fx?.close();
  });

  it('push - a cart order pushes PAID, then CANCELLED after the buyer cancels, on order.<id> and user.<buyer>', async () => {
    const buyer = await fx.cat.token(61, 'buyer');
    const sku = (await fx.rx.item([10])).skus[0].id;
    let release!: () => void;
    gateway.hang = new Promise((r) => (release = r));
    const placed = await fx.order(buyer, { items: [{ sku, quantity: 1 }] });
    assert.equal(placed.status, 202, placed.text);
    const { orderId } = placed.json();
    // the row (and with it the topic's owner) exists once the order actor wrote it; the payment hangs
    await fx.rx.until('order written', async () => (await fx.orderRow(orderId)).status === 'ORDERED', 15_000);

    const owner = await connect(61);
    const admin = await connect(1, 'admin');
    const stranger = await connect(62);
    await owner.client.subscribe(`order.${orderId}`);
    await admin.client.subscribe(`order.${orderId}`);
    await assert.rejects(stranger.client.subscribe(`order.${orderId}`), (err: PushError) => err.code === 'NOT_FOUND');

    gateway.hang = undefined;
    release();
    assert.equal((await fx.untilFinal(orderId)).status, 'PAID');
    const cancel = await fx.cat.send('DELETE', `/api/v1/orders/${orderId}`, buyer);
    assert.equal(cancel.status, 202, cancel.text);
    await fx.rx.until('order cancelled', async () => (await fx.orderRow(orderId)).status === 'CANCELLED', 15_000);

    const expected = ['PAID', 'CANCELLED'].map((status) => ({ type: 'order', orderId, status }));
    const onTopic = (events: { topic: string; data: unknown }[], topic: string) => events.filter((e) => e.topic === topic).map((e) => e.data);
    await waitFor(() => onTopic(owner.events, `order.${orderId}`).length === 2 && onTopic(owner.events, 'user.61').length === 2
      && onTopic(admin.events, `order.${orderId}`).length === 2, { message: 'two statuses on each topic' });
    assert.deepEqual(onTopic(owner.events, `order.${orderId}`), expected);
    assert.deepEqual(onTopic(owner.events, 'user.61'), expected);
    assert.deepEqual(onTopic(admin.events, `order.${orderId}`), expected);
    assert.deepEqual(stranger.events, [], 'nothing reaches another buyer');
  });
});
