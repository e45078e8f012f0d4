// Reservation rules on real processes: all-or-nothing across items, idempotent replays, slots of
// RESERVABLE items, cancel, pushed statuses, bad input without state change, missing counters and rebuild.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { connectNats } from '../../engine/platform/messaging/nats-connection.js';
import { projectRoot } from '../../engine/platform/config.js';
import { defineReservationScripts } from '../../engine/reservation/reservation-admission.js';
import { expireDueHolds } from '../../engine/reservation/reservation-expiry.js';
import { inventoryKeys } from '../../engine/reservation/reservation-keys.js';
import { ReservationPublisher } from '../../engine/reservation/reservation-publisher.js';
import { userPushSubject } from '../../engine/sale/sale-subjects.js';
import { ReservationFixture } from './reservation-fixture.js';

describe('reservation rules (integration)', () => {
  let fx: ReservationFixture;
  let nc: NatsConnection;
  let buyer: string;
  const heldCount = async () => (await fx.states()).HELD ?? 0;

  before(async () => {
    // one buyer holds up to 40 units at once here; the per-buyer cap has its own test (hold-cap)
    fx = await ReservationFixture.start(['edge', 'worker'], { RESERVATION_MAX_ITEMS: '5', RESERVATION_MAX_HELD_UNITS_PER_USER: '1000' });
    nc = await connectNats(fx.cat.config.nats);
    buyer = await fx.cat.token(42, 'buyer');
  });
  after(async () => {
    await nc?.close();
    await fx?.close();
  });

  it('reservation - a multi-item reservation where one item lacks stock holds nothing for any item', async () => {
    const item = await fx.item([10, 1]);
    const [a, b] = item.skus.map((s) => s.id);
    const refused = await fx.reserve(buyer, [{ sku: a, quantity: 2 }, { sku: b, quantity: 2 }]);
    assert.equal(refused.status, 409);
    assert.equal(refused.json().error.code, 'INSUFFICIENT_STOCK');
    assert.equal(await fx.redisAvailable(a), 10);
    assert.equal(await fx.redisAvailable(b), 1);
    assert.equal(await fx.redis.hlen(inventoryKeys(fx.cat.config.namespace).records), 0);

    const pushes = nc.subscribe(userPushSubject(fx.cat.config.namespace, 42));
    const accepted = await fx.reserve(buyer, [{ sku: a, quantity: 2 }, { sku: b, quantity: 1 }], 'multi-1');
    assert.equal(accepted.status, 202);
    const { reservationId, status } = accepted.json();
    assert.equal(status, 'PENDING');
    await fx.until('the hold persisted', async () => (await heldCount()) === 1);
    assert.deepEqual([await fx.redisAvailable(a), await fx.redisAvailable(b)], [8, 0]);
    assert.deepEqual([(await fx.skuRow(a)).held, (await fx.skuRow(b)).held], [2, 1]);

    const view = await fx.cat.expect(200, 'GET', `/api/v1/reservations/${reservationId}`, buyer);
    assert.equal(view.status, 'HELD');
    assert.deepEqual(view.items, [{ sku: a, quantity: 2 }, { sku: b, quantity: 1 }]);
    const other = await fx.cat.token(43, 'buyer');
    assert.equal((await fx.cat.send('GET', `/api/v1/reservations/${reservationId}`, other)).status, 404);

    // replay: same key, same body -> same answer, nothing more taken; another body -> 422
    const replay = await fx.reserve(buyer, [{ sku: a, quantity: 2 }, { sku: b, quantity: 1 }], 'multi-1');
    assert.equal(replay.status, 202);
    assert.equal(replay.json().reservationId, reservationId);
    const mismatch = await fx.reserve(buyer, [{ sku: a, quantity: 1 }], 'multi-1');
    assert.equal(mismatch.status, 422);
    assert.equal(mismatch.json().error.code, 'IDEMPOTENCY_MISMATCH');

    const cancelled = await fx.cat.expect(200, 'DELETE', `/api/v1/reservations/${reservationId}`, buyer);
    assert.equal(cancelled.status, 'CANCELLED');
    assert.deepEqual([await fx.redisAvailable(a), await fx.redisAvailable(b)], [10, 1]);
    assert.deepEqual([(await fx.skuRow(a)).held, (await fx.skuRow(b)).held], [0, 0]);
    const again = await fx.cat.send('DELETE', `/api/v1/reservations/${reservationId}`, buyer);
    assert.equal(again.json().error.code, 'RESERVATION_NOT_HELD');
    assert.deepEqual([await fx.redisAvailable(a), await fx.redisAvailable(b)], [10, 1]);

    const statuses: string[] = [];
    for await (const msg of pushes) {
      const push = msg.json<{ reservationId: string; status: string }>();
      if (push.reservationId === reservationId) statuses.push(push.status);
      if (statuses.length === 2) break;
    }
    assert.deepEqual(statuses, ['HELD', 'CANCELLED']);
  });

  it('reservation - RESERVABLE items hold per slot up to the capacity; a cancel frees the slot', async () => {
    const room = await fx.item([2], 'RESERVABLE');
    const sku = room.skus[0].id;
    const first = await fx.reserve(buyer, [{ sku, quantity: 2, slot: '2026-12-24' }]);
    assert.equal(first.status, 202);
    const full = await fx.reserve(buyer, [{ sku, quantity: 1, slot: '2026-12-24' }]);
    assert.equal(full.json().error.code, 'INSUFFICIENT_STOCK');
    assert.equal((await fx.reserve(buyer, [{ sku, quantity: 1, slot: '2026-12-25' }])).status, 202);
    assert.equal(await fx.redisSlotUsed(sku, '2026-12-24'), 2);
    const id = first.json().reservationId;
    await fx.until('held', async () => (await fx.cat.expect(200, 'GET', `/api/v1/reservations/${id}`, buyer)).status === 'HELD');
    const confirm = await fx.cat.send('POST', `/api/v1/reservations/${id}/confirm`, buyer);
    assert.equal(confirm.json().error.code, 'PAYMENT_REQUIRED', 'a hold is sold only through a paid order');
    assert.equal(await fx.redisSlotUsed(sku, '2026-12-24'), 2);
    assert.equal((await fx.cat.expect(200, 'DELETE', `/api/v1/reservations/${id}`, buyer)).status, 'CANCELLED');
    assert.equal(await fx.redisSlotUsed(sku, '2026-12-24'), 0);
    assert.equal((await fx.reserve(buyer, [{ sku, quantity: 2, slot: '2026-12-24' }])).status, 202);
  });

  it('reservation - bad input is refused with a code and changes no state', async () => {
    const item = await fx.item([5]);
    const room = await fx.item([5], 'RESERVABLE');
    const sku = item.skus[0].id;
    const roomSku = room.skus[0].id;
    const before = { held: await heldCount(), records: await fx.redis.hlen(inventoryKeys(fx.cat.config.namespace).records) };
    const cases: [unknown, number, string][] = [
      [[{ sku: 987_654, quantity: 1 }], 422, 'UNKNOWN_SKU'],
      [[{ sku, quantity: -1 }], 400, 'INVALID_INPUT'],
      [[{ sku, quantity: 0 }], 400, 'INVALID_INPUT'],
      [[{ sku, quantity: 1, slot: '2026-12-24' }], 400, 'SLOT_NOT_ALLOWED'],
      [[{ sku: roomSku, quantity: 1 }], 400, 'SLOT_REQUIRED'],
      [[{ sku: roomSku, quantity: 1, slot: '2031-01-01' }], 422, 'UNKNOWN_SLOT'],
      [[{ sku, quantity: 1, slot: 'a:b' }], 400, 'INVALID_INPUT'],
      [Array.from({ length: 6 }, (_, i) => ({ sku: sku + i, quantity: 1 })), 400, 'INVALID_INPUT'],
      [Array.from({ length: 500 }, () => ({ sku, quantity: 1 })), 400, 'INVALID_INPUT'],
      [[{ sku, quantity: 1 }, { sku, quantity: 1 }], 400, 'INVALID_INPUT'],
      [[], 400, 'INVALID_INPUT'],
      [[{ sku, quantity: 1, extra: true }], 400, 'INVALID_INPUT'],
    ];
    for (const [items, status, code] of cases) {
      const answer = await fx.reserve(buyer, items);
      assert.equal(answer.status, status, `${JSON.stringify(items).slice(0, 80)}: ${answer.text}`);
      assert.equal(answer.json().error.code, code);
    }
    const noKey = await fx.cat.send('POST', '/api/v1/reservations', buyer, { items: [{ sku, quantity: 1 }] });
    assert.equal(noKey.json().error.code, 'IDEMPOTENCY_KEY_REQUIRED');
    const seller = await fx.cat.token(500, 'seller');
    assert.equal((await fx.reserve(seller, [{ sku, quantity: 1 }])).status, 403);
    assert.equal((await fx.cat.send('GET', '/api/v1/reservations/not-a-uuid', buyer)).status, 404);

    assert.equal(await fx.redisAvailable(sku), 5);
    assert.equal(await fx.redisSlotUsed(roomSku, '2026-12-24'), 0);
    assert.equal(await heldCount(), before.held);
    assert.equal(await fx.redis.hlen(inventoryKeys(fx.cat.config.namespace).records), before.records);
  });

  it('reservation - a SKU whose counter is missing is refused until the rebuild command restores it from Postgres', async () => {
    const item = await fx.item([7, 3]);
    const [a, b] = item.skus.map((s) => s.id);
    assert.equal((await fx.reserve(buyer, [{ sku: a, quantity: 2 }])).status, 202);
    await fx.until('held', async () => (await fx.skuRow(a)).held === 2);

    // Redis loses everything of this namespace's inventory
    await fx.redis.del(inventoryKeys(fx.cat.config.namespace).counters, inventoryKeys(fx.cat.config.namespace).records);
    const refused = await fx.reserve(buyer, [{ sku: b, quantity: 1 }]);
    assert.equal(refused.status, 503);
    assert.equal(refused.json().error.code, 'INVENTORY_UNAVAILABLE');

    const { stdout } = await promisify(execFile)(process.execPath, [join(projectRoot, 'dist/scripts/rebuild-counters.js')], { env: fx.cat.fx.ns.env });
    assert.match(stdout, /counters: \d+\/\d+ SKUs/);
    assert.match(stdout, /rebuilt \d+ SKU counters and \d+ held reservations/);
    assert.equal(await fx.redisAvailable(a), 5);
    assert.equal(await fx.redisAvailable(b), 3);
    assert.equal((await fx.reserve(buyer, [{ sku: b, quantity: 3 }])).status, 202);
    assert.equal(await fx.redisAvailable(b), 0);
  });

  it('reservation - a cancel racing the expiry of the same hold: exactly one wins, units return once', async () => {
    const item = await fx.item([40]);
    const sku = item.skus[0].id;
    const deps = {
      db: fx.db,
      redis: fx.redis,
      nc,
      publisher: new ReservationPublisher(jetstream(nc), fx.cat.config),
      namespace: fx.cat.config.namespace,
      sweepMinAgeMs: 60_000,
    };
    defineReservationScripts(fx.redis, fx.cat.config.luaDir);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const answer = await fx.reserve(buyer, [{ sku, quantity: 2 }]);
      assert.equal(answer.status, 202);
      ids.push(answer.json().reservationId);
    }
    await fx.until('20 holds', async () => (await fx.skuRow(sku)).held === 40);
    assert.equal(await fx.redisAvailable(sku), 0);
    // every hold is due now: the expiry job and the owner's cancel race for each of them
    await fx.db.query(`UPDATE reservations SET expires_at = now() - interval '1 second' WHERE id = ANY($1::uuid[])`, [ids]);
    const [cancels] = await Promise.all([
      Promise.all(ids.map((id) => fx.cat.send('DELETE', `/api/v1/reservations/${id}`, buyer))),
      expireDueHolds(deps),
      expireDueHolds(deps),
    ]);
    const won = cancels.filter((c) => c.status === 200).length;
    for (const c of cancels) if (c.status !== 200) assert.equal(c.json().error.code, 'RESERVATION_EXPIRED', c.text);
    const states = await fx.db.query<{ state: string; n: number }>(
      'SELECT state, count(*)::int AS n FROM reservations WHERE id = ANY($1::uuid[]) GROUP BY state ORDER BY state',
      [ids],
    );
    const byState = Object.fromEntries(states.rows.map((r) => [r.state, r.n]));
    assert.equal((byState.CANCELLED ?? 0) + (byState.EXPIRED ?? 0), 20);
    assert.equal(byState.CANCELLED ?? 0, won);
    assert.deepEqual(await fx.skuRow(sku), { stock: 40, held: 0, sold: 0, available: 40 });
    assert.equal(await fx.redisAvailable(sku), 40);
  });
});
