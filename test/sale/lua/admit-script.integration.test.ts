// lua/admit-6.lua's rules hold on a real Redis.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { loadConfig } from '../../../engine/platform/config.js';
import { defineLuaCommand, readLuaScript } from '../../../engine/platform/redis/lua-scripts.js';
import { saleKeys } from '../../../engine/sale/sale-keys.js';
import { admitAttempt } from '../../../engine/sale/admission.js';

const config = loadConfig();

describe('admit-6.lua (integration, real Redis)', () => {
  const prefix = `t${randomBytes(5).toString('hex')}`;
  const redis = new Redis(config.redisUrl);
  let nextSale = 1;

  async function openSale(meta: { remaining: number; limit: number; starts?: number; ends?: number }): Promise<number> {
    const saleId = nextSale++;
    await redis.hset(saleKeys(prefix, saleId).meta, {
      remaining: meta.remaining,
      limit: meta.limit,
      starts: meta.starts ?? Date.now() - 60_000,
      ends: meta.ends ?? Date.now() + 60_000,
    });
    return saleId;
  }
  const attempt = (saleId: number, userId: number, idempotencyKey: string, quantity = 1) =>
    admitAttempt(redis, prefix, 60, { saleId, userId, quantity, idempotencyKey });

  before(() => defineLuaCommand(redis, readLuaScript(config.luaDir, 'admit')));
  after(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.unlink(...keys);
    redis.disconnect();
  });

  it('admit - counters missing: refuses instead of guessing', async () => {
    const result = await attempt(9_999, 1, 'k');
    assert.deepEqual(result, { outcome: 'REFUSED', code: 'SALE_UNAVAILABLE', remaining: -1 });
  });

  it('admit - NOT_OPEN is not stored, so the same key is admitted once the sale opens', async () => {
    const saleId = await openSale({ remaining: 5, limit: 1, starts: Date.now() + 60_000 });
    assert.equal((await attempt(saleId, 1, 'early')).outcome, 'REFUSED');
    await redis.hset(saleKeys(prefix, saleId).meta, 'starts', Date.now() - 1);
    assert.equal((await attempt(saleId, 1, 'early')).outcome, 'ADMITTED');
  });

  it('admit - ENDED is stored and replayed', async () => {
    const saleId = await openSale({ remaining: 5, limit: 1, ends: Date.now() - 1 });
    assert.equal((await attempt(saleId, 1, 'late')).outcome, 'REFUSED');
    await redis.hset(saleKeys(prefix, saleId).meta, 'ends', Date.now() + 60_000);
    const replay = await attempt(saleId, 1, 'late');
    assert.ok(replay.outcome === 'REFUSED' && replay.code === 'ENDED');
  });

  it('admit - per-user limit counts units, and a quantity that does not fit the stock is SOLD_OUT', async () => {
    const saleId = await openSale({ remaining: 3, limit: 2 });
    assert.equal((await attempt(saleId, 7, 'a', 2)).outcome, 'ADMITTED');
    const over = await attempt(saleId, 7, 'b', 1);
    assert.ok(over.outcome === 'REFUSED' && over.code === 'LIMIT_REACHED');
    const tooMany = await attempt(saleId, 8, 'c', 2);
    assert.ok(tooMany.outcome === 'REFUSED' && tooMany.code === 'SOLD_OUT');
    assert.equal((await attempt(saleId, 8, 'd', 1)).remaining, 0);
  });

  it('admit - a replay with another quantity is IDEMPOTENCY_MISMATCH and takes nothing', async () => {
    const saleId = await openSale({ remaining: 5, limit: 5 });
    const first = await attempt(saleId, 3, 'k', 1);
    assert.ok(first.outcome === 'ADMITTED' && first.fresh);
    const mismatch = await attempt(saleId, 3, 'k', 2);
    assert.ok(mismatch.outcome === 'REFUSED' && mismatch.code === 'IDEMPOTENCY_MISMATCH');
    const replay = await attempt(saleId, 3, 'k', 1);
    assert.ok(replay.outcome === 'ADMITTED' && !replay.fresh && replay.ticketId === first.ticketId);
    assert.equal(await redis.hget(saleKeys(prefix, saleId).meta, 'remaining'), '4');
  });

  it('admit - 2,000 concurrent attempts on stock 100 admit exactly 100 and record each in the outbox', async () => {
    const saleId = await openSale({ remaining: 100, limit: 1 });
    const results = await Promise.all(Array.from({ length: 2_000 }, (_, i) => attempt(saleId, i + 1, `c${i}`)));
    assert.equal(results.filter((r) => r.outcome === 'ADMITTED').length, 100);
    const keys = saleKeys(prefix, saleId);
    assert.equal(await redis.zcard(keys.pending), 100);
    assert.equal(await redis.hlen(keys.tickets), 100);
    assert.equal(await redis.hlen(keys.admitted), 100);
    assert.equal(await redis.hget(keys.meta, 'remaining'), '0');
  });
});
