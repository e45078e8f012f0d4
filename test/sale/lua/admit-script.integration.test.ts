// lua/admit-n.lua's rules hold on a real Redis, for an attempt alone and for attempts in one batch.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { loadConfig } from '../../../engine/platform/config.js';
import { defineLuaCommand, readLuaScript } from '../../../engine/platform/redis/lua-scripts.js';
import { saleKeys } from '../../../engine/sale/sale-keys.js';
import { admitBatch, type SaleAttempt } from '../../../engine/sale/admission.js';

const config = loadConfig();

describe('admit-n.lua (integration, real Redis)', () => {
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
  const batch = (saleId: number, attempts: SaleAttempt[]) => admitBatch(redis, prefix, 60, saleId, attempts);
  const attempt = async (saleId: number, userId: number, idempotencyKey: string, quantity = 1) =>
    (await batch(saleId, [{ userId, quantity, idempotencyKey }]))[0];

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

  it('admit batch - attempts of one call are decided in order, each as if alone', async () => {
    const saleId = await openSale({ remaining: 3, limit: 2 });
    const results = await batch(saleId, [
      { userId: 1, quantity: 1, idempotencyKey: 'a' },
      { userId: 1, quantity: 1, idempotencyKey: 'a' }, // a retry in the same call replays the first
      { userId: 1, quantity: 2, idempotencyKey: 'a' }, // the same key with another quantity
      { userId: 1, quantity: 1, idempotencyKey: 'b' },
      { userId: 1, quantity: 1, idempotencyKey: 'c' }, // past the per-user limit of 2
      { userId: 2, quantity: 2, idempotencyKey: 'd' }, // 1 unit left
      { userId: 3, quantity: 1, idempotencyKey: 'e' },
      { userId: 4, quantity: 1, idempotencyKey: 'f' },
    ]);
    const first = results[0];
    assert.ok(first.outcome === 'ADMITTED' && first.fresh);
    assert.deepEqual(results[1], { outcome: 'ADMITTED', ticketId: first.ticketId, fresh: false, remaining: -1 });
    assert.deepEqual(results[2], { outcome: 'REFUSED', code: 'IDEMPOTENCY_MISMATCH', remaining: -1 });
    assert.ok(results[3].outcome === 'ADMITTED' && results[3].fresh && results[3].remaining === 1);
    assert.deepEqual(results[4], { outcome: 'REFUSED', code: 'LIMIT_REACHED', remaining: 1 });
    assert.deepEqual(results[5], { outcome: 'REFUSED', code: 'SOLD_OUT', remaining: 1 });
    assert.ok(results[6].outcome === 'ADMITTED' && results[6].remaining === 0);
    assert.deepEqual(results[7], { outcome: 'REFUSED', code: 'SOLD_OUT', remaining: 0 });
    const keys = saleKeys(prefix, saleId);
    assert.deepEqual(await redis.hgetall(keys.users), { 1: '2', 3: '1' });
    assert.equal(await redis.zcard(keys.pending), 3);
    assert.equal(await redis.hlen(keys.admitted), 3);
    // a later call replays every stored answer, refusals included
    const again = await batch(saleId, [{ userId: 1, quantity: 1, idempotencyKey: 'a' }, { userId: 1, quantity: 1, idempotencyKey: 'c' }]);
    assert.ok(again[0].outcome === 'ADMITTED' && again[0].ticketId === first.ticketId && !again[0].fresh);
    assert.deepEqual(again[1], { outcome: 'REFUSED', code: 'LIMIT_REACHED', remaining: -1 });
  });

  it('admit batch - keys an admission creates expire with the sale; a batch without admissions sets no expiry', async () => {
    const expires = Date.now() + 600_000;
    const saleId = await openSale({ remaining: 1, limit: 1 });
    const keys = saleKeys(prefix, saleId);
    await redis.hset(keys.meta, 'expires', expires);
    await redis.hset(keys.users, 'seed', 0);
    await batch(saleId, [{ userId: 1, quantity: 2, idempotencyKey: 'too-many' }]);
    assert.equal(await redis.pexpiretime(keys.users), -1, 'a refusal leaves the keys as they were');
    await batch(saleId, [{ userId: 1, quantity: 1, idempotencyKey: 'x' }, { userId: 2, quantity: 1, idempotencyKey: 'y' }]);
    for (const key of [keys.users, keys.pending, keys.tickets, keys.admitted]) assert.equal(await redis.pexpiretime(key), expires, key);
  });

  it('admit batch - counters missing: every attempt is refused, and a stored answer still replays', async () => {
    const saleId = 9_998;
    await redis.set(saleKeys(prefix, saleId).idem(5, 'old'), '0:1:019a0000-0000-7000-8000-000000000001');
    const results = await batch(saleId, [{ userId: 5, quantity: 1, idempotencyKey: 'new' }, { userId: 5, quantity: 1, idempotencyKey: 'old' }]);
    assert.deepEqual(results[0], { outcome: 'REFUSED', code: 'SALE_UNAVAILABLE', remaining: -1 });
    assert.deepEqual(results[1], { outcome: 'ADMITTED', ticketId: '019a0000-0000-7000-8000-000000000001', fresh: false, remaining: -1 });
  });
});
