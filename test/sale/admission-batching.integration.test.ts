// Batched admission on a real Redis: attempts in flight at once go in one lua/admit-n.lua call per sale
// (at most MAX_BATCH each), and every count stays exact: stock, per-user limits, replays and mismatches
// inside one batch and across batches, several sales at once, and a failed call fails only its own batch.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { loadConfig } from '../../engine/platform/config.js';
import { defineSaleScripts, type AttemptRequest, type AttemptResult } from '../../engine/sale/admission.js';
import { AdmissionBatcher, MAX_BATCH } from '../../engine/sale/admission-batcher.js';
import { saleKeys } from '../../engine/sale/sale-keys.js';

const config = loadConfig();

describe('admission batching (integration, real Redis)', () => {
  const prefix = `t${randomBytes(5).toString('hex')}`;
  const redis = new Redis(config.redisUrl);
  const admission = new AdmissionBatcher(redis, prefix, 60);
  /** the idem keys of each script call, in call order */
  let calls: string[][] = [];
  let nextSale = 1;

  async function openSale(remaining: number, limit: number): Promise<number> {
    const saleId = nextSale++;
    await redis.hset(saleKeys(prefix, saleId).meta, { remaining, limit, starts: Date.now() - 60_000, ends: Date.now() + 60_000 });
    return saleId;
  }
  const fresh = (r: AttemptResult) => r.outcome === 'ADMITTED' && r.fresh;
  const ticketOf = (r: AttemptResult) => (r.outcome === 'ADMITTED' ? r.ticketId : `refused ${r.code}`);
  const callOf = (saleId: number, userId: number, key: string) => calls.findIndex((keys) => keys.includes(saleKeys(prefix, saleId).idem(userId, key)));

  before(() => {
    defineSaleScripts(redis, config.luaDir);
    // records each call's keys: numkeys, then meta, users, pending, tickets, admitted, then one idem key per attempt
    const admit = redis.admit.bind(redis);
    redis.admit = ((numKeys: number, ...rest: (string | number)[]) => {
      calls.push(rest.slice(5, numKeys) as string[]);
      return admit(numKeys, ...rest);
    }) as typeof redis.admit;
  });
  beforeEach(() => {
    calls = [];
  });
  after(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.unlink(...keys);
    redis.disconnect();
  });

  it('batching - attempts of three sales in flight at once: exact stock and per-user limits, few calls, one sale a call', async () => {
    const scarce = await openSale(100, 2); // 150 buyers x 2 units wanted, 100 units
    const single = await openSale(30, 1); // 80 buyers x 2 attempts, 1 unit each at most
    const plenty = await openSale(10_000, 3); // 50 buyers x 5 attempts, 3 units each, never sold out
    const requests: AttemptRequest[] = [];
    for (let round = 0; round < 5; round++) {
      for (let user = 1; user <= 150; user++) {
        if (round < 2) requests.push({ saleId: scarce, userId: user, quantity: 1, idempotencyKey: `s${round}` });
        if (round < 2 && user <= 80) requests.push({ saleId: single, userId: user, quantity: 1, idempotencyKey: `o${round}` });
        if (user <= 50) requests.push({ saleId: plenty, userId: user, quantity: 1, idempotencyKey: `p${round}` });
      }
    }
    const results = await Promise.all(requests.map((r) => admission.admit(r)));

    const admittedOf = (saleId: number) => results.filter((r, i) => requests[i].saleId === saleId && fresh(r));
    assert.equal(admittedOf(scarce).length, 100, 'exactly the stock');
    assert.equal(admittedOf(single).length, 30, 'exactly the stock');
    assert.equal(admittedOf(plenty).length, 50 * 3, 'exactly the per-user limit of every buyer');
    assert.equal(new Set(results.filter(fresh).map(ticketOf)).size, 280, 'a ticket per admission');
    for (const [saleId, limit, stock] of [[scarce, 2, 100], [single, 1, 30], [plenty, 3, 10_000]]) {
      const keys = saleKeys(prefix, saleId);
      const perUser = Object.values(await redis.hgetall(keys.users)).map(Number);
      assert.ok(perUser.every((units) => units <= limit), `sale ${saleId}: per-user limit`);
      const sold = perUser.reduce((a, b) => a + b, 0);
      assert.equal(Number(await redis.hget(keys.meta, 'remaining')), stock - sold, `sale ${saleId}: not oversold`);
      assert.equal(await redis.zcard(keys.pending), sold, `sale ${saleId}: one outbox entry per admission`);
      assert.equal(await redis.hlen(keys.tickets), sold);
    }
    const refusals = (saleId: number, code: string) => results.filter((r, i) => requests[i].saleId === saleId && r.outcome === 'REFUSED' && r.code === code).length;
    assert.equal(refusals(plenty, 'LIMIT_REACHED'), 50 * 2);
    assert.equal(refusals(scarce, 'SOLD_OUT') + refusals(scarce, 'LIMIT_REACHED'), 300 - 100);

    // batched: every call holds one sale's attempts, at most MAX_BATCH, and many calls hold many attempts
    assert.equal(calls.flat().length, requests.length);
    for (const keys of calls) {
      assert.ok(keys.length >= 1 && keys.length <= MAX_BATCH);
      assert.equal(new Set(keys.map((key) => key.slice(0, key.indexOf('}')))).size, 1, 'one sale (one hash tag) a call');
    }
    assert.ok(calls.length <= Math.ceil(requests.length / MAX_BATCH) + 3, `${calls.length} calls for ${requests.length} attempts`);
  });

  it('batching - a replay in the batch of its first attempt and in a later batch gets the same ticket; another quantity is a mismatch', async () => {
    const saleId = await openSale(40, 1);
    const buyers = Array.from({ length: 60 }, (_, i) => i + 1);
    // each first attempt followed at once by its retry (pairs: a batch of MAX_BATCH never splits one), then
    // every key once more with 2 units
    const wave = [
      ...buyers.flatMap((userId) => [
        { saleId, userId, quantity: 1, idempotencyKey: `k${userId}` },
        { saleId, userId, quantity: 1, idempotencyKey: `k${userId}` },
      ]),
      ...buyers.map((userId) => ({ saleId, userId, quantity: 2, idempotencyKey: `k${userId}` })),
    ];
    const first = await Promise.all(wave.map((r) => admission.admit(r)));
    for (const userId of buyers) {
      const idem = saleKeys(prefix, saleId).idem(userId, `k${userId}`);
      assert.equal(calls[callOf(saleId, userId, `k${userId}`)].filter((key) => key === idem).length, 2, 'first attempt and retry in one call');
    }
    assert.equal(first.filter(fresh).length, 40);
    buyers.forEach((_, i) => {
      const [original, retry, mismatch] = [first[2 * i], first[2 * i + 1], first[2 * buyers.length + i]];
      assert.equal(ticketOf(retry), ticketOf(original), 'the retry in the same batch answers what the first attempt got');
      assert.ok(retry.outcome === 'REFUSED' || !retry.fresh);
      assert.ok(mismatch.outcome === 'REFUSED' && mismatch.code === 'IDEMPOTENCY_MISMATCH');
    });

    const callsBefore = calls.length;
    const later = await Promise.all(wave.map((r) => admission.admit(r)));
    assert.ok(calls.length > callsBefore, 'the replays went in later calls');
    assert.deepEqual(later.map(ticketOf), first.map(ticketOf), 'every replay answers as before');
    assert.ok(later.every((r) => !fresh(r)));
    assert.equal(await redis.hget(saleKeys(prefix, saleId).meta, 'remaining'), '0');
    assert.equal(await redis.zcard(saleKeys(prefix, saleId).pending), 40);
  });

  it('batching - a sale\'s burst goes in calls of at most MAX_BATCH; a lone attempt in a call of its own', async () => {
    const saleId = await openSale(1_000, 1_000);
    const burst = Array.from({ length: 2 * MAX_BATCH + 8 }, (_, i) => ({ saleId, userId: i, quantity: 1, idempotencyKey: `b${i}` }));
    const results = await Promise.all(burst.map((r) => admission.admit(r)));
    assert.ok(results.every(fresh));
    assert.deepEqual(calls.map((keys) => keys.length), [MAX_BATCH, MAX_BATCH, 8]);
    calls = [];
    assert.ok(fresh(await admission.admit({ saleId, userId: 9_999, quantity: 1, idempotencyKey: 'alone' })));
    assert.deepEqual(calls.map((keys) => keys.length), [1]);
  });

  it('batching - a failed call rejects every attempt of its batch and no other', async () => {
    const broken = nextSale++;
    // counters the script cannot read (a limit that is no number): the call fails
    await redis.hset(saleKeys(prefix, broken).meta, { remaining: 5, limit: 'none', starts: 0, ends: Date.now() + 60_000 });
    const healthy = await openSale(5, 1);
    const settled = await Promise.allSettled([
      ...Array.from({ length: 10 }, (_, i) => admission.admit({ saleId: broken, userId: i, quantity: 1, idempotencyKey: `x${i}` })),
      ...Array.from({ length: 10 }, (_, i) => admission.admit({ saleId: healthy, userId: i, quantity: 1, idempotencyKey: `y${i}` })),
    ]);
    assert.ok(settled.slice(0, 10).every((s) => s.status === 'rejected'), 'every attempt of the failed batch');
    const healthyResults = settled.slice(10).map((s) => (s.status === 'fulfilled' ? s.value : undefined));
    assert.equal(healthyResults.filter((r) => r && fresh(r)).length, 5);
    assert.equal(healthyResults.filter((r) => r?.outcome === 'REFUSED' && r.code === 'SOLD_OUT').length, 5);
  });
});
