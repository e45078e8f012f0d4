// Reservations end to end on real edge, worker and scheduler processes: exact counts under contention,
// cancel and expiry returning units to Redis and Postgres exactly once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { defineReservationScripts, reserve } from '../../engine/reservation/reservation-admission.js';
import { inventoryKeys } from '../../engine/reservation/reservation-keys.js';
import { ReservationFixture } from './reservation-fixture.js';

// long enough to persist and cancel half of the holds on a slow machine, short enough to wait for
const HOLD_TTL_MS = 25_000;

describe('reservations under contention (integration)', () => {
  let fx: ReservationFixture;
  before(async () => {
    fx = await ReservationFixture.start(['edge', 'worker', 'scheduler'], {
      RESERVATION_HOLD_TTL_MS: String(HOLD_TTL_MS),
      RESERVATION_EXPIRY_INTERVAL_MS: '1000',
    });
  });
  after(async () => {
    await fx?.close();
  });

  it('reservation - 10,000 concurrent reservations on 300 units hold exactly 300; cancel half, the rest expire', async () => {
    const stock = 300;
    const item = await fx.item([stock]);
    const sku = item.skus[0].id;
    const users = Array.from({ length: 2_000 }, (_, i) => 10_000 + i);
    const tokens = await Promise.all(users.map((u) => fx.cat.token(u, 'buyer')));
    const answers = await Promise.all(
      users.flatMap((_, u) => [0, 1, 2, 3, 4].map((k) => fx.reserve(tokens[u], [{ sku, quantity: 1 }], `u${u}-k${k}`).then((a) => ({ a, u })))),
    );
    const held = answers.filter(({ a }) => a.status === 202);
    assert.equal(held.length, stock);
    for (const { a } of answers) if (a.status !== 202) assert.equal(a.json().error.code, 'INSUFFICIENT_STOCK', a.text);
    assert.equal(await fx.redisAvailable(sku), 0);

    await fx.until('300 holds persisted', async () => (await fx.states()).HELD === stock);
    assert.deepEqual(await fx.skuRow(sku), { stock, held: stock, sold: 0, available: 0 });

    const toCancel = held.slice(0, stock / 2);
    const cancelled = await Promise.all(
      toCancel.map(({ a, u }) => fx.cat.send('DELETE', `/api/v1/reservations/${a.json().reservationId}`, tokens[u])),
    );
    assert.deepEqual(cancelled.map((c) => c.status), new Array(stock / 2).fill(200), cancelled.find((c) => c.status !== 200)?.text);
    assert.equal(await fx.redisAvailable(sku), stock / 2);

    await fx.until('the other half expired', async () => (await fx.states()).EXPIRED === stock / 2, HOLD_TTL_MS + 60_000);
    await fx.until('expired units back in Redis', async () => (await fx.redisAvailable(sku)) === stock);
    assert.deepEqual(await fx.states(), { CANCELLED: stock / 2, EXPIRED: stock / 2 });
    assert.deepEqual(await fx.skuRow(sku), { stock, held: 0, sold: 0, available: stock });

    // exactly once: another expiry run and a late cancel change nothing
    const late = held[held.length - 1];
    const refused = await fx.cat.send('DELETE', `/api/v1/reservations/${late.a.json().reservationId}`, tokens[late.u]);
    assert.equal(refused.status, 409);
    assert.equal(refused.json().error.code, 'RESERVATION_EXPIRED');
    await new Promise((r) => setTimeout(r, 2_500));
    assert.equal(await fx.redisAvailable(sku), stock);
    assert.deepEqual(await fx.skuRow(sku), { stock, held: 0, sold: 0, available: stock });
    const { rows } = await fx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM reservations WHERE NOT redis_released');
    assert.equal(rows[0].n, 0);
  });
});

describe('reservation outbox (integration)', () => {
  let fx: ReservationFixture;
  before(async () => {
    fx = await ReservationFixture.start(['edge', 'worker', 'scheduler'], { RESERVATION_EXPIRY_INTERVAL_MS: '1000', RESERVATION_SWEEP_MIN_AGE_MS: '1000' });
  });
  after(async () => {
    await fx?.close();
  });

  it('reservation - a hold admitted in Redis but never published (its edge died) is republished and persisted', async () => {
    const item = await fx.item([5]);
    const sku = item.skus[0].id;
    // lua/reserve-5.lua ran, then the edge died before its publish: only the Redis outbox knows
    defineReservationScripts(fx.redis, fx.cat.config.luaDir);
    const orphan = await reserve(fx.redis, fx.cat.config.namespace, 60, { userId: 7, idempotencyKey: 'orphan', lines: [[sku, 2, '']], holdTtlMs: 600_000 });
    assert.equal(orphan.outcome, 'RESERVED');
    await fx.until('the orphan hold persisted', async () => (await fx.skuRow(sku)).held === 2, 30_000);
    assert.deepEqual(await fx.states(), { HELD: 1 });
    assert.equal(await fx.redis.zcard(inventoryKeys(fx.cat.config.namespace).pending), 0, 'the outbox is empty again');
  });
});
