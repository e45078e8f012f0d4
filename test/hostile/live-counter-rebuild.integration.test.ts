// Issue #15 finding 8: counter rebuilds overwrote live state. `sale:rebuild` set remaining = stock - sold
// for a sale whose counters were live, ignoring tickets admitted but not yet durable (the pending outbox):
// their units were sold a second time. A rebuild now refuses live counters unless forced; forced, it pauses
// admission while it runs and subtracts the pending tickets (and keeps their buyers' units and answers).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import { Redis } from 'ioredis';
import { connectNats } from '../../engine/platform/messaging/nats-connection.js';
import { EngineError } from '../../engine/platform/errors.js';
import { rebuildSaleCounters } from '../../engine/sale/sale-counter-rebuild.js';
import { saleKeys } from '../../engine/sale/sale-keys.js';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';

describe('hostile - a counter rebuild never overwrites live admissions (integration)', () => {
  let fx: FlashSaleFixture;
  let redis: Redis;

  before(async () => {
    // no worker: admitted tickets stay in the pending outbox, as in a burst the worker has not caught up with
    fx = await FlashSaleFixture.start(['edge']);
    redis = new Redis(fx.ns.config.redisUrl);
  });
  after(async () => {
    redis?.disconnect();
    await fx?.close();
  });

  async function rebuild(saleId: number, force: boolean) {
    const nc = await connectNats(fx.ns.config.nats);
    try {
      return await rebuildSaleCounters({ db: fx.db, redis, jsm: await jetstreamManager(nc) }, {
        namespace: fx.ns.name, partitions: fx.ns.config.partitions, saleId, idempotencyTtlSec: 60, force, drainTimeoutMs: 1_000,
      });
    } finally {
      await nc.close();
    }
  }

  it('live rebuild - refused without force; forced, pending tickets keep their units and answers', async () => {
    const stock = 20;
    const saleId = await fx.createSale({ stock, perUserLimit: 1 });
    const tokens = await Promise.all(Array.from({ length: 8 }, (_, i) => fx.token(69_500 + i, 'buyer')));
    const keys = tokens.map(() => randomUUID());
    const admitted = await Promise.all(tokens.map((t, i) => fx.attempt(saleId, t, keys[i])));
    assert.ok(admitted.every((a) => a.status === 202));
    const meta = saleKeys(fx.ns.name, saleId).meta;
    assert.equal(await redis.hget(meta, 'remaining'), String(stock - 8));

    await assert.rejects(rebuild(saleId, false), (err: unknown) => err instanceof EngineError && err.code === 'SALE_COUNTERS_LIVE');
    assert.equal(await redis.hget(meta, 'remaining'), String(stock - 8), 'untouched');

    const rebuilt = await rebuild(saleId, true);
    assert.equal(rebuilt.remaining, stock - 8, '8 admitted tickets, none durable yet: still sold');
    assert.equal(await redis.hget(meta, 'remaining'), String(stock - 8));
    // their buyers are at their limit and their keys still answer the same ticket
    const again = await fx.attempt(saleId, tokens[0], randomUUID());
    assert.equal(again.json().error?.code, 'LIMIT_REACHED');
    const replay = await fx.attempt(saleId, tokens[1], keys[1]);
    assert.equal(replay.json().ticket, admitted[1].json().ticket);
  });
});
