// The admission and reservation scripts on a three-master Redis Cluster: every key of a sale shares the
// {sale:<id>} tag and every inventory key the {inv} tag, so each script call (a batch of one sale's attempts,
// a reservation) lands on one slot and stays atomic. Many sales spread over all masters; counts stay exact under concurrency. Skips (with the reason)
// where redis-server cannot run in cluster mode.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { loadConfig, type EngineConfig } from '../../engine/platform/config.js';
import { productionProblems } from '../../engine/platform/production-checks.js';
import { connectRedis, masters, type RedisClient } from '../../engine/platform/redis/redis-client.js';
import { saleKeys } from '../../engine/sale/sale-keys.js';
import { defineReservationScripts, releaseHold, reserve } from '../../engine/reservation/reservation-admission.js';
import { counterField, inventoryKeys } from '../../engine/reservation/reservation-keys.js';
import { defineSaleScripts } from '../../engine/sale/admission.js';
import { AdmissionBatcher } from '../../engine/sale/admission-batcher.js';
import { startRedisCluster, type LocalRedisCluster } from './redis-cluster.js';

const SALES = 30;
const SALE_STOCK = 40;
const PER_USER_LIMIT = 2;
const BUYERS = 60;
const SKUS = 20;
const SKU_STOCK = 25;
const RESERVATIONS = 1_500;

describe('redis cluster (integration)', () => {
  const { luaDir } = loadConfig();
  const prefix = `rc${randomBytes(4).toString('hex')}`;
  let local: LocalRedisCluster | undefined;
  let skipped = '';
  let cluster: RedisClient;
  let config: EngineConfig;

  before(async () => {
    const started = await startRedisCluster(3);
    if ('skipped' in started) {
      skipped = started.skipped;
      console.log(`[redis-cluster] skipping: ${skipped}`);
      return;
    }
    local = started.cluster;
    // the roles' client, built from the configuration as theirs is; thousands of scripts at once on a
    // shared two-core machine may take longer than the roles' 1 s bound
    const seeds = local.ports.map((port) => `127.0.0.1:${port}`).join(',');
    config = loadConfig({ ...process.env, REDIS_URL: `redis+cluster://${seeds}`, REDIS_COMMAND_TIMEOUT_MS: '0' });
    cluster = await connectRedis(config, { enableAutoPipelining: true });
    defineSaleScripts(cluster, luaDir);
    defineReservationScripts(cluster, luaDir);
  });
  after(async () => {
    cluster?.disconnect();
    await local?.stop();
  });

  it('redis cluster - admission over many sales on three masters sells exactly the stock, within per-user limits', async (t) => {
    if (skipped) return t.skip(skipped);
    const saleIds = Array.from({ length: SALES }, (_, i) => i + 1);
    const now = Date.now();
    for (const saleId of saleIds) {
      await cluster.hset(saleKeys(prefix, saleId).meta, { remaining: SALE_STOCK, limit: PER_USER_LIMIT, starts: now - 60_000, ends: now + 3_600_000 });
    }
    // every buyer tries 3 units of every sale, and sends each attempt twice (a retry must replay, not buy again)
    const attempts = saleIds.flatMap((saleId) =>
      Array.from({ length: BUYERS * 3 }, (_, i) => ({ saleId, userId: i % BUYERS, quantity: 1, idempotencyKey: `k${i}` })),
    );
    // all at once: each sale's attempts go in batches (one slot per call), sales spread over the masters
    const admission = new AdmissionBatcher(cluster, prefix, 60);
    const results = await Promise.all([...attempts, ...attempts].map((a) => admission.admit(a)));
    for (const saleId of saleIds) {
      const fresh = results.filter((r, i) => attempts[i % attempts.length].saleId === saleId && r.outcome === 'ADMITTED' && r.fresh);
      assert.equal(fresh.length, SALE_STOCK, `sale ${saleId} sold exactly its stock`);
      const keys = saleKeys(prefix, saleId);
      assert.equal(await cluster.hget(keys.meta, 'remaining'), '0');
      assert.equal(await cluster.zcard(keys.pending), SALE_STOCK, 'one outbox entry per unit');
      const perUser = Object.values(await cluster.hgetall(keys.users)).map(Number);
      assert.equal(perUser.reduce((a, b) => a + b, 0), SALE_STOCK);
      assert.ok(perUser.every((n) => n <= PER_USER_LIMIT));
    }
    const sizes = await Promise.all(masters(cluster).map((node) => node.dbsize()));
    console.log(`[redis-cluster] keys per master: ${sizes.join(', ')}`);
    assert.equal(sizes.length, 3);
    assert.ok(sizes.every((n) => n > 0), 'sales spread over every master');
  });

  it('redis cluster - multi-item reservations stay all-or-nothing and exact on the {inv} slot', async (t) => {
    if (skipped) return t.skip(skipped);
    const keys = inventoryKeys(prefix);
    const skus = Array.from({ length: SKUS }, (_, i) => 1_000 + i);
    for (const sku of skus) await cluster.hset(keys.counters, counterField.type(sku), 'T', counterField.available(sku), SKU_STOCK);
    const requests = Array.from({ length: RESERVATIONS }, (_, i) => ({
      userId: i,
      idempotencyKey: `r${i}`,
      lines: [[skus[i % SKUS], 1, ''], [skus[(i * 7 + 3) % SKUS], 1, '']] as [number, number, string][],
      holdTtlMs: 600_000,
      // counted against the per-user cap: its held-units hash shares the slot
      maxHeldUnits: 20,
    }));
    const results = await Promise.all(requests.map((r) => reserve(cluster, prefix, 60, r)));
    const reserved = results.flatMap((r, i) => (r.outcome === 'RESERVED' ? [{ id: r.reservationId, lines: requests[i].lines }] : []));
    for (const r of results) if (r.outcome === 'REFUSED') assert.equal(r.code, 'INSUFFICIENT_STOCK');
    const taken = new Map<number, number>();
    for (const { lines } of reserved) for (const [sku, quantity] of lines) taken.set(sku, (taken.get(sku) ?? 0) + quantity);
    for (const sku of skus) {
      const available = Number(await cluster.hget(keys.counters, counterField.available(sku)));
      assert.equal(available, SKU_STOCK - (taken.get(sku) ?? 0), `sku ${sku}: units held == units taken by RESERVED answers`);
      assert.ok(available >= 0);
    }
    assert.equal(await cluster.hlen(keys.records), reserved.length);
    assert.equal(await cluster.hlen(keys.held), 2 * reserved.length, 'one user and one hold field per reservation (one per user)');

    // releasing every hold gives every unit back, exactly once
    const released = await Promise.all([...reserved, ...reserved].map((r) => releaseHold(cluster, prefix, r.id, 'return')));
    assert.equal(released.filter(Boolean).length, reserved.length);
    for (const sku of skus) assert.equal(await cluster.hget(keys.counters, counterField.available(sku)), String(SKU_STOCK));
    assert.equal(await cluster.hlen(keys.held), 0, 'every held unit given back to its user');
    console.log(`[redis-cluster] ${reserved.length} of ${RESERVATIONS} two-item reservations held, all released`);
  });

  it('redis cluster - production checks read AOF and the eviction policy of every master', async (t) => {
    if (skipped) return t.skip(skipped);
    const [first] = masters(cluster);
    await first.config('SET', 'maxmemory-policy', 'allkeys-lru');
    try {
      const problems = (await productionProblems({ ...config, production: { ...config.production, fakeGatewayMeant: true } })).filter((p) => p.startsWith('Redis'));
      // the test cluster runs without AOF: each master says so by its address, and only the changed one evicts
      const ports = local!.ports.map((port) => `Redis 127.0.0.1:${port}: appendonly is "no"`);
      for (const line of ports) assert.ok(problems.some((p) => p.startsWith(line)), `${line} in ${problems.join(' | ')}`);
      assert.deepEqual(problems.filter((p) => p.includes('maxmemory-policy')).map((p) => p.split(':').slice(0, 2).join(':')), [`Redis ${first.options.host}:${first.options.port}`]);
    } finally {
      await first.config('SET', 'maxmemory-policy', 'noeviction');
    }
  });
});
