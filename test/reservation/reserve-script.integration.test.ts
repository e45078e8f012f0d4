// lua/reserve-4.lua and lua/release-3.lua on a real Redis (no engine processes).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { loadConfig } from '../../engine/platform/config.js';
import { createCounters } from '../../engine/reservation/inventory-counters.js';
import { defineReservationScripts, releaseHold, reserve } from '../../engine/reservation/reservation-admission.js';
import { counterField, inventoryKeys } from '../../engine/reservation/reservation-keys.js';
import type { ReservationLine } from '../../engine/reservation/reservation-types.js';

const config = loadConfig();

describe('reserve-4.lua and release-3.lua (integration, real Redis)', () => {
  const prefix = `t${randomBytes(5).toString('hex')}`;
  const keys = inventoryKeys(prefix);
  const redis = new Redis(config.redisUrl);
  const hold = (userId: number, key: string, lines: ReservationLine[]) => reserve(redis, prefix, 60, { userId, idempotencyKey: key, lines, holdTtlMs: 60_000 });
  const available = async (sku: number) => Number(await redis.hget(keys.counters, counterField.available(sku)));

  before(async () => {
    defineReservationScripts(redis, config.luaDir);
    await createCounters(redis, prefix, [
      { skuId: 1, productType: 'REALTIME', stock: 100, committed: 0 },
      { skuId: 2, productType: 'REALTIME', stock: 50, committed: 0 },
      { skuId: 3, productType: 'RESERVABLE', stock: 2, committed: 0 },
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
});
