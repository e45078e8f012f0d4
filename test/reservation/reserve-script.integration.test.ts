// lua/reserve-5.lua and lua/release-4.lua on a real Redis (no engine processes), with the per-user cap on held units.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { loadConfig } from '../../engine/platform/config.js';
import { createCounters } from '../../engine/reservation/inventory-counters.js';
import { defineReservationScripts, releaseHold, reserve } from '../../engine/reservation/reservation-admission.js';
import { counterField, heldUnitsField, inventoryKeys } from '../../engine/reservation/reservation-keys.js';
import type { ReservationLine } from '../../engine/reservation/reservation-types.js';

const config = loadConfig();

describe('reserve-5.lua and release-4.lua (integration, real Redis)', () => {
  const prefix = `t${randomBytes(5).toString('hex')}`;
  const keys = inventoryKeys(prefix);
  const redis = new Redis(config.redisUrl);
  const hold = (userId: number, key: string, lines: ReservationLine[]) => reserve(redis, prefix, 60, { userId, idempotencyKey: key, lines, holdTtlMs: 60_000 });
  const available = async (sku: number) => Number(await redis.hget(keys.counters, counterField.available(sku)));
  const capped = (userId: number, key: string, lines: ReservationLine[], maxHeldUnits: number) =>
    reserve(redis, prefix, 60, { userId, idempotencyKey: key, lines, holdTtlMs: 60_000, maxHeldUnits });
  const heldBy = async (userId: number) => Number((await redis.hget(keys.held, heldUnitsField.user(userId))) ?? 0);

  before(async () => {
    defineReservationScripts(redis, config.luaDir);
    await createCounters(redis, prefix, [
      { skuId: 1, productType: 'REALTIME', stock: 100, committed: 0 },
      { skuId: 2, productType: 'REALTIME', stock: 50, committed: 0 },
      { skuId: 3, productType: 'RESERVABLE', stock: 2, committed: 0 },
      { skuId: 4, productType: 'REALTIME', stock: 1_000, committed: 0 },
      { skuId: 5, productType: 'RESERVABLE', stock: 1_000, committed: 0 },
    ]);
  });
  after(async () => {
    const found = await redis.keys(`${prefix}:*`);
    if (found.length > 0) await redis.unlink(...found);
    redis.disconnect();
  });

  it('reserve - 2,000 concurrent two-item requests take exactly what fits, never half a request', async () => {
    const results = await Promise.all(Array.from({ length: 2_000 }, (_, i) => hold(i + 1, `c${i}`, [[1, 1, ''], [2, 1, '']])));
    assert.equal(results.filter((r) => r.outcome === 'RESERVED').length, 50);
    assert.equal(await available(1), 50, 'sku 1 gave only what sku 2 could match');
    assert.equal(await available(2), 0);
    assert.equal(await redis.zcard(keys.pending), 50);
    assert.equal(await redis.hlen(keys.records), 50);
  });

  it('reserve - demand for the same counter within one request is summed', async () => {
    const result = await hold(9_001, 'slots', [[3, 1, 'd1'], [3, 2, 'd1']]);
    assert.ok(result.outcome === 'REFUSED' && result.code === 'INSUFFICIENT_STOCK');
    assert.equal(await redis.hget(keys.counters, counterField.slotUsed(3, 'd1')), null);
  });

  it('release - returns units once; a confirmed (consumed) hold returns nothing', async () => {
    const before = await available(1);
    const first = await hold(9_002, 'r1', [[1, 3, ''], [3, 2, 'd2']]);
    const second = await hold(9_002, 'r2', [[1, 4, '']]);
    assert.ok(first.outcome === 'RESERVED' && second.outcome === 'RESERVED');
    assert.equal(await available(1), before - 7);
    const releases = await Promise.all(Array.from({ length: 10 }, () => releaseHold(redis, prefix, first.reservationId, 'return')));
    assert.equal(releases.filter(Boolean).length, 1);
    assert.equal(await available(1), before - 4);
    assert.equal(await redis.hget(keys.counters, counterField.slotUsed(3, 'd2')), '0');
    assert.equal(await releaseHold(redis, prefix, second.reservationId, 'consume'), true);
    assert.equal(await releaseHold(redis, prefix, second.reservationId, 'return'), false);
    assert.equal(await available(1), before - 4);
  });

  it('reserve - missing counters refuse without storing, so the same key succeeds after a rebuild', async () => {
    const refused = await hold(9_003, 'late', [[77, 1, '']]);
    assert.ok(refused.outcome === 'REFUSED' && refused.code === 'INVENTORY_UNAVAILABLE' && refused.line === 1);
    await createCounters(redis, prefix, [{ skuId: 77, productType: 'REALTIME', stock: 1, committed: 0 }]);
    const admitted = await hold(9_003, 'late', [[77, 1, '']]);
    assert.equal(admitted.outcome, 'RESERVED');
    const replay = await hold(9_003, 'late', [[77, 1, '']]);
    assert.ok(replay.outcome === 'RESERVED' && !replay.fresh && admitted.outcome === 'RESERVED' && replay.reservationId === admitted.reservationId);
  });

  it('reserve - one user\'s concurrent holds take exactly the cap; the refusal is not stored; other users and uncapped holds are not limited', async () => {
    const user = 9_100;
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => capped(user, `cap${i}`, [[4, 1, '']], 20)));
    assert.equal(results.filter((r) => r.outcome === 'RESERVED').length, 20);
    for (const r of results) if (r.outcome === 'REFUSED') assert.equal(r.code, 'HOLD_LIMIT_REACHED');
    assert.equal(await heldBy(user), 20);
    assert.equal(await available(4), 980);
    // a request that would cross the cap takes nothing, slots count like units, and another user has their own
    assert.equal((await capped(user, 'cap-slot', [[5, 1, 'd1']], 20)).outcome, 'REFUSED');
    assert.equal(await redis.hget(keys.counters, counterField.slotUsed(5, 'd1')), null);
    assert.equal((await capped(9_101, 'cap-other', [[4, 15, ''], [5, 5, 'd1']], 20)).outcome, 'RESERVED');
    assert.equal(await heldBy(9_101), 20);
    // an order's stock hold (no cap) is neither refused nor counted
    assert.equal((await hold(user, 'order:API:1', [[4, 50, '']])).outcome, 'RESERVED');
    assert.equal(await heldBy(user), 20);
    // the refused key was not stored: once a hold ends, the same key is admitted
    const refused = results.findIndex((r) => r.outcome === 'REFUSED');
    const ended = results.find((r) => r.outcome === 'RESERVED')!;
    assert.ok(ended.outcome === 'RESERVED' && (await releaseHold(redis, prefix, ended.reservationId, 'return')));
    assert.equal((await capped(user, `cap${refused}`, [[4, 1, '']], 20)).outcome, 'RESERVED');
    assert.equal(await heldBy(user), 20);
  });

  it('release - the units a hold counted go back to its user once, whether returned or consumed; an uncounted hold gives none', async () => {
    const user = 9_200;
    const a = await capped(user, 'ha', [[4, 3, '']], 10);
    const b = await capped(user, 'hb', [[4, 4, ''], [5, 2, 'd3']], 10);
    assert.ok(a.outcome === 'RESERVED' && b.outcome === 'RESERVED');
    assert.equal(await heldBy(user), 9);
    const order = await hold(user, 'order:API:2', [[4, 5, '']]);
    assert.ok(order.outcome === 'RESERVED');
    assert.equal((await Promise.all(Array.from({ length: 10 }, () => releaseHold(redis, prefix, a.reservationId, 'return')))).filter(Boolean).length, 1);
    assert.equal(await heldBy(user), 6);
    assert.equal((await Promise.all(Array.from({ length: 10 }, () => releaseHold(redis, prefix, order.reservationId, 'consume')))).filter(Boolean).length, 1);
    assert.equal(await heldBy(user), 6, 'an order\'s hold counted nothing');
    assert.equal(await releaseHold(redis, prefix, b.reservationId, 'consume'), true);
    assert.equal(await releaseHold(redis, prefix, b.reservationId, 'return'), false);
    assert.equal(await redis.hexists(keys.held, heldUnitsField.user(user)), 0, 'a user with nothing held leaves no field');
    assert.equal(await redis.hexists(keys.held, heldUnitsField.hold(b.reservationId)), 0);
  });
});
