// Issue #15 finding 9: the sold-out memory was unbounded. On sell-out every edge copied the whole admitted
// hash (HGETALL: up to 10M entries, seconds of Redis time, ~1 GB per edge), sales were never evicted and the
// sale's hashes never expired. Now: an edge keeps a Bloom filter of the admitted keys (incremental HSCAN)
// and asks Redis per possible replay; a sale's keys expire after its end plus the idempotency window.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { saleKeys } from '../../engine/sale/sale-keys.js';
import { waitFor } from '../support/eventually.js';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';

/** Calls of one Redis command so far (INFO commandstats). */
async function commandCalls(redis: Redis, command: string): Promise<number> {
  const info = await redis.info('commandstats');
  return Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(info)?.[1] ?? 0);
}

describe('hostile - sold-out memory stays bounded (integration)', () => {
  let fx: FlashSaleFixture;
  let redis: Redis;

  before(async () => {
    fx = await FlashSaleFixture.start(['edge', 'worker']);
    redis = new Redis(fx.ns.config.redisUrl);
  });
  after(async () => {
    redis?.disconnect();
    await fx?.close();
  });

  it('sold-out memory - no HGETALL of the admitted hash on sell-out; replays still answer their ticket, others SOLD_OUT', async () => {
    const saleId = await fx.createSale({ stock: 50, perUserLimit: 1 });
    const tokens = await Promise.all(Array.from({ length: 60 }, (_, i) => fx.token(69_000 + i, 'buyer')));
    const hgetallBefore = await commandCalls(redis, 'hgetall');
    const keys = tokens.map(() => randomUUID());
    const first = await Promise.all(tokens.map((t, i) => fx.attempt(saleId, t, keys[i])));
    const admitted = first.map((a, i) => [a, i] as const).filter(([a]) => a.status === 202);
    assert.equal(admitted.length, 50);
    // the edge learned it is sold out; wait until it answers from memory
    await waitFor(async () => (await fx.attempt(saleId, tokens[55], randomUUID())).json().error?.code === 'SOLD_OUT', { message: 'sold out' });
    await new Promise((r) => setTimeout(r, 300));
    for (const [answer, i] of admitted.slice(0, 10)) {
      const replay = await fx.attempt(saleId, tokens[i], keys[i]);
      assert.equal(replay.status, 202);
      assert.equal(replay.json().ticket, answer.json().ticket, 'a replay answers its ticket');
    }
    const late = await Promise.all(tokens.map((t) => fx.attempt(saleId, t, randomUUID())));
    assert.ok(late.every((a) => a.json().error?.code === 'SOLD_OUT'));
    assert.equal(await commandCalls(redis, 'hgetall') - hgetallBefore, 0, 'no HGETALL on sell-out');
  });

  it('sold-out memory - every Redis key of a sale expires after its end plus the idempotency window', async () => {
    const endsAt = Date.now() + 3_600_000;
    const saleId = await fx.createSale({ stock: 5, perUserLimit: 1, endsAt: new Date(endsAt) });
    const token = await fx.token(69_100, 'buyer');
    assert.equal((await fx.attempt(saleId, token, randomUUID())).status, 202);
    const keys = saleKeys(fx.ns.config.namespace, saleId);
    const expected = endsAt + fx.ns.config.idempotencyTtlSec * 1000;
    for (const key of [keys.meta, keys.users, keys.tickets, keys.admitted]) {
      const at = await redis.pexpiretime(key);
      assert.ok(Math.abs(at - expected) < 5_000, `${key} expires at ${at}, expected about ${expected}`);
    }
  });
});
