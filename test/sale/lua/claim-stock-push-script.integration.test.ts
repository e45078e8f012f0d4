// lua/claimStockPush-3.lua's rules hold on a real Redis: one publish slot per sale per interval shared
// by every caller, always the counter's current value, never the value published last.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { loadConfig } from '../../../engine/platform/config.js';
import { defineLuaCommand, readLuaScript } from '../../../engine/platform/redis/lua-scripts.js';
import { saleKeys } from '../../../engine/sale/sale-keys.js';
import { StockPushCode } from '../../../engine/sale/sale-stock-push.js';

const config = loadConfig();
const INTERVAL_MS = 200;

describe('claimStockPush-3.lua (integration, real Redis)', () => {
  const prefix = `t${randomBytes(5).toString('hex')}`;
  const redis = new Redis(config.redisUrl);
  const keys = saleKeys(prefix, 1);
  const claim = () => redis.claimStockPush(keys.meta, keys.pushSlot, keys.pushed, INTERVAL_MS);
  const setRemaining = (remaining: number) => redis.hset(keys.meta, 'remaining', remaining);

  before(() => defineLuaCommand(redis, readLuaScript(config.luaDir, 'claimStockPush')));
  after(async () => {
    const found = await redis.keys(`${prefix}:*`);
    if (found.length > 0) await redis.unlink(...found);
    redis.disconnect();
  });

  it('claimStockPush - no counters: nothing to publish', async () => {
    assert.deepEqual(await claim(), [StockPushCode.NoCounters, -1]);
  });

  it('claimStockPush - one slot per interval for all callers, the current value, an unchanged value never twice', async () => {
    const expires = Date.now() + 60_000;
    await redis.hset(keys.meta, 'expires', expires);
    await setRemaining(10);
    const racing = await Promise.all(Array.from({ length: 20 }, claim));
    assert.deepEqual(racing.filter(([code]) => code === StockPushCode.Publish), [[StockPushCode.Publish, 10]], 'one caller wins');
    assert.ok(racing.every(([code]) => code !== StockPushCode.Busy), 'the others see the value is out already');
    await setRemaining(7);
    assert.deepEqual(await claim(), [StockPushCode.Busy, 7], 'a change within the interval waits for the slot');
    assert.ok(Number(await redis.pttl(keys.pushSlot)) <= INTERVAL_MS);
    await new Promise((r) => setTimeout(r, INTERVAL_MS + 20));
    await setRemaining(5);
    assert.deepEqual(await claim(), [StockPushCode.Publish, 5], 'after the interval the newest value goes out');
    await new Promise((r) => setTimeout(r, INTERVAL_MS + 20));
    assert.deepEqual(await claim(), [StockPushCode.Unchanged, 5]);
    assert.equal(await redis.pexpiretime(keys.pushed), expires, 'the published value goes with the sale');
  });
});
