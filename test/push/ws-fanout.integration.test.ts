// Cross-edge fan-out over NATS: two edge processes, clients on each; a publish on a topic reaches
// exactly the clients holding it, on whichever edge they are, and owner-only topics stay private.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { PushError } from '../../client/src/push-client.js';
import { publishPush } from '../../engine/push/push-publisher.js';
import { userPushSubject } from '../../engine/sale/sale-subjects.js';
import { waitFor } from '../support/eventually.js';
import { PushFixture } from '../support/push-fixture.js';

describe('ws push fan-out (integration)', () => {
  let fx: PushFixture;
  const publish = (topic: string, payload: unknown) => publishPush(fx.nc, fx.ns.name, topic, payload);

  before(async () => {
    fx = await PushFixture.start(2);
  });
  after(async () => {
    await fx?.close();
  });

  it('push - a publish on user.<id> reaches exactly that user, on every edge, once', async () => {
    const aliceOnA = await fx.client(0, 101);
    const aliceOnB = await fx.client(1, 101);
    const bobOnB = await fx.client(1, 102);
    const carolOnA = await fx.client(0, 103);
    // the workers' contract: JSON text on <ns>.push.user.<id>
    fx.nc.publish(userPushSubject(fx.ns.name, 101), JSON.stringify({ type: 'ticket', ticket: '1_x', saleId: 1, status: 'CONFIRMED' }));
    // published after alice's: once bob and carol have theirs, alice's would have arrived before
    publish('user.102', { n: 2 });
    publish('user.103', { n: 3 });
    await waitFor(() => aliceOnA.events.length >= 1 && aliceOnB.events.length >= 1 && bobOnB.events.length >= 1 && carolOnA.events.length >= 1,
      { message: 'all four deliveries' });
    const ticket = { topic: 'user.101', data: { type: 'ticket', ticket: '1_x', saleId: 1, status: 'CONFIRMED' } };
    assert.deepEqual(aliceOnA.events, [ticket]);
    assert.deepEqual(aliceOnB.events, [ticket]);
    assert.deepEqual(bobOnB.events, [{ topic: 'user.102', data: { n: 2 } }]);
    assert.deepEqual(carolOnA.events, [{ topic: 'user.103', data: { n: 3 } }]);
  });

  it('push - order.<id> is for its owner only; user.<id> of another user is refused', async () => {
    const orderId = randomUUID();
    await fx.db.query(`INSERT INTO shop_orders (id, user_id, source, idempotency_key, status, saga_step, total_amount, receiver_name, receiver_phone, receiver_address)
      VALUES ($1, 201, 'API', 'k', 'ORDERED', 'AUTHORIZE', 1, 'n', 'p', 'a')`, [orderId]);
    const owner = await fx.client(0, 201);
    const other = await fx.client(1, 202);
    await owner.client.subscribe(`order.${orderId}`);
    await assert.rejects(other.client.subscribe(`order.${orderId}`), (err: PushError) => err.code === 'NOT_FOUND');
    await assert.rejects(other.client.subscribe(`order.${randomUUID()}`), (err: PushError) => err.code === 'NOT_FOUND');
    await assert.rejects(other.client.subscribe('user.201'), (err: PushError) => err.code === 'FORBIDDEN');
    await assert.rejects(other.client.subscribe('order.not-a-uuid'), (err: PushError) => err.code === 'INVALID_INPUT');
    publish(`order.${orderId}`, { status: 'PAID' });
    publish('user.202', { sentinel: true });
    await waitFor(() => owner.events.length === 1 && other.events.length === 1, { message: 'owner and sentinel' });
    assert.deepEqual(owner.events, [{ topic: `order.${orderId}`, data: { status: 'PAID' } }]);
    assert.deepEqual(other.events, [{ topic: 'user.202', data: { sentinel: true } }]);
  });

  it('push - JSON and msgpack clients on different edges get the same sale event', async () => {
    const json = await fx.client(0, 301);
    const packed = await fx.client(1, 302, { codec: 'msgpack' });
    await json.client.subscribe('sale.7');
    await packed.client.subscribe('sale.7');
    publish('sale.7', { remaining: 0, soldOut: true, name: '한정 특가' });
    await waitFor(() => json.events.length === 1 && packed.events.length === 1, { message: 'both events' });
    assert.deepEqual(packed.events, json.events);
    assert.deepEqual(json.events[0], { topic: 'sale.7', data: { remaining: 0, soldOut: true, name: '한정 특가' } });
  });

  it('push - after its socket dies the client reconnects and holds its topics again', async () => {
    const { client, events, sockets } = await fx.client(1, 401);
    await client.subscribe('sale.9');
    const back = client.nextHello();
    sockets[0].terminate();
    await back;
    // the resubscribe goes out right after hello; its ack is not awaited by nextHello, so poll
    await waitFor(async () => {
      publish('sale.9', { tick: true });
      await new Promise((r) => setTimeout(r, 100));
      return events.length > 0;
    }, { message: 'resubscribed' });
    assert.deepEqual(events[0], { topic: 'sale.9', data: { tick: true } });
    assert.equal(sockets.length, 2, 'one reconnect');
  });

  it('push - edges drop their NATS subscriptions when the last client of a topic leaves', async () => {
    const before = await fx.metric(0, 'gopang_ws_nats_subscriptions');
    const a = await fx.client(0, 501);
    const b = await fx.client(0, 502);
    await a.client.subscribe('sale.77');
    await b.client.subscribe('sale.77');
    assert.equal(await fx.metric(0, 'gopang_ws_nats_subscriptions'), before + 3, 'user.501, user.502, sale.77');
    await a.client.unsubscribe('sale.77');
    assert.equal(await fx.metric(0, 'gopang_ws_nats_subscriptions'), before + 3, 'b still holds sale.77');
    await b.client.unsubscribe('sale.77');
    assert.equal(await fx.metric(0, 'gopang_ws_nats_subscriptions'), before + 2);
    a.client.close();
    b.client.close();
    await waitFor(async () => (await fx.metric(0, 'gopang_ws_nats_subscriptions')) === before, { message: 'user topics released' });
  });
});
