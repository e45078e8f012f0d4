// A whole flash sale on clusters, through the edge's HTTP: every role runs with REDIS_CLUSTER_NODES on
// a three-master Redis Cluster and with three NATS seeds and R3 streams on a three-server JetStream
// cluster. One partition carries all three sales, so a worker's batches mix sales of different slots
// and their completion must split per slot. Exact books: a sold-out sale sells its stock, the other
// admits every attempt within the limit, one order row per ticket, and every replay answers the same.
// Skips (with the reason) where either cluster cannot start here.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectNats } from '../../engine/platform/messaging/nats-connection.js';
import { createRedis, masters, type RedisClient } from '../../engine/platform/redis/redis-client.js';
import { saleKeys } from '../../engine/sale/sale-keys.js';
import { waitFor } from '../support/eventually.js';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';
import { bearer, type HttpAnswer } from '../support/http-client.js';
import { startNatsCluster, waitForJetStreamPlacement, type LocalNatsCluster } from './nats-cluster.js';
import { startRedisCluster, type LocalRedisCluster } from './redis-cluster.js';

const BUYERS = 40;
const ATTEMPTS_PER_BUYER = 25; // 1,000 attempts
/** two sell out under the rush, the third never does: its books must count every admitted attempt */
const SALES = [
  { stock: 100, perUserLimit: 5 },
  { stock: 60, perUserLimit: 2 },
  { stock: 1_000, perUserLimit: 100 },
];

describe('flash sale on clusters (integration)', () => {
  let redisCluster: LocalRedisCluster | undefined;
  let natsCluster: LocalNatsCluster | undefined;
  let skipped = '';
  let fx: FlashSaleFixture;
  let redis: RedisClient;

  before(async () => {
    const [redisStart, natsStart] = await Promise.all([startRedisCluster(3), startNatsCluster(3)]);
    if ('cluster' in redisStart) redisCluster = redisStart.cluster;
    if ('cluster' in natsStart) natsCluster = natsStart.cluster;
    skipped = 'skipped' in redisStart ? redisStart.skipped : 'skipped' in natsStart ? natsStart.skipped : '';
    if (skipped) {
      console.log(`[cluster-flash-sale] skipping: ${skipped}`);
      return;
    }
    const natsUrl = [...natsCluster!.urls.values()].join(',');
    // the roles create R3 streams at start: that needs all three servers in JetStream
    const nc = await connectNats({ url: natsUrl, credsFile: '', caFile: '' }, { maxReconnectAttempts: -1, reconnectTimeWait: 200 });
    await waitForJetStreamPlacement(nc, 3);
    await nc.close();
    fx = await FlashSaleFixture.start([], {
      REDIS_URL: 'redis://127.0.0.1:1', // nothing listens: a client that ignored the cluster would fail
      REDIS_CLUSTER_NODES: redisCluster!.ports.map((port) => `127.0.0.1:${port}`).join(','),
      NATS_URL: natsUrl,
      NATS_STREAM_REPLICAS: '3',
      PARTITIONS: '1',
    });
    for (const role of ['worker', 'scheduler', 'orchestrator', 'auth', 'edge'] as const) await fx.startRole(role);
    redis = createRedis(fx.ns.config);
    await new Promise((resolve) => redis.once('ready', resolve));
  });
  after(async () => {
    redis?.disconnect();
    await fx?.close();
    await natsCluster?.stop();
    await redisCluster?.stop();
  });

  it('cluster flash sale - 1,000 attempts from 40 buyers keep exact books on three Redis masters and three NATS servers', async (t) => {
    if (skipped) return t.skip(skipped);
    const saleIds: number[] = [];
    for (const sale of SALES) saleIds.push(await fx.createSale(sale));
    assert.equal(masters(redis).length, 3, 'the client sees three masters');

    const tokens = await Promise.all(Array.from({ length: BUYERS }, (_, b) => fx.token(5_000 + b, 'buyer')));
    const attempts = Array.from({ length: BUYERS * ATTEMPTS_PER_BUYER }, (_, i) => {
      const buyer = i % BUYERS;
      const round = Math.floor(i / BUYERS);
      return { buyer, sale: round % SALES.length, key: `b${buyer}-k${round}` };
    });
    const send = () => Promise.all(attempts.map((a) => fx.attempt(saleIds[a.sale], tokens[a.buyer], a.key)));
    const first = await send();
    const replays = await send();

    for (const [s, sale] of SALES.entries()) {
      const tried = attempts.map((a, i) => ({ ...a, answer: first[i] })).filter((a) => a.sale === s);
      const admitted = tried.filter((a) => a.answer.status === 202);
      for (const a of tried) {
        if (a.answer.status !== 202) {
          assert.equal(a.answer.status, 409, a.answer.text);
          assert.ok(['SOLD_OUT', 'LIMIT_REACHED'].includes(a.answer.json().error.code), a.answer.text);
        }
      }
      const perBuyer = new Map<number, number>();
      for (const a of tried) perBuyer.set(a.buyer, Math.min(sale.perUserLimit, (perBuyer.get(a.buyer) ?? 0) + 1));
      const wanted = [...perBuyer.values()].reduce((x, y) => x + y, 0);
      assert.equal(admitted.length, Math.min(sale.stock, wanted), `sale ${s + 1}: admitted exactly min(stock, what the limits allow)`);
      const units = new Map<number, number>();
      for (const a of admitted) units.set(a.buyer, (units.get(a.buyer) ?? 0) + 1);
      assert.ok([...units.values()].every((n) => n <= sale.perUserLimit), `sale ${s + 1}: within the per-user limit`);
    }
    replays.forEach((replay, i) => {
      assert.equal(replay.status, first[i].status, `replay of ${attempts[i].key} keeps its status`);
      if (first[i].status === 202) assert.equal(replay.text, first[i].text, `replay of ${attempts[i].key} answers the same ticket`);
    });

    const admittedAnswers = first.filter((a) => a.status === 202);
    const tickets = new Set(admittedAnswers.map((a) => a.json().ticket as string));
    assert.equal(tickets.size, admittedAnswers.length, 'one ticket per idempotency key');
    for (const [s, saleId] of saleIds.entries()) {
      const sold = first.filter((a, i) => attempts[i].sale === s && a.status === 202).length;
      await fx.waitForSold(saleId, sold, 60_000);
      assert.equal(await fx.soldInPostgres(saleId), sold, `sale ${s + 1}: Postgres sold what Redis admitted`);
      // ticket completion ran on the cluster: the sale's outbox (its own slot) empties
      await waitFor(async () => (await redis.zcard(saleKeys(fx.ns.name, saleId).pending)) === 0, { timeoutMs: 30_000, message: `sale ${s + 1}: the pending outbox empties` });
      assert.equal(await redis.hget(saleKeys(fx.ns.name, saleId).meta, 'remaining'), String(SALES[s].stock - sold), `sale ${s + 1}: the counters live on the cluster`);
      const sale = (await fx.http.send('GET', `/api/v1/sales/${saleId}`)).json();
      assert.equal(sale.sold, sold);
      assert.equal(sale.remaining, SALES[s].stock - sold);
    }
    // a pipeline over slots of two masters fails on a cluster; the outbox sweep would hide it by republishing
    assert.doesNotMatch(fx.roles.get('worker')!.output(), /after-commit step failed/, 'every batch completed in Redis at once');
    const { rows } = await fx.db.query<{ id: string }>('SELECT id FROM orders WHERE sale_id = ANY($1::bigint[])', [saleIds]);
    assert.deepEqual(new Set(rows.map((r) => r.id)), new Set([...tickets].map((t) => t.split('_')[1])), 'every ticket is exactly one order row');

    const statuses = await Promise.all(
      first.flatMap((answer, i) => (answer.status === 202 ? [ticketStatus(answer, tokens[attempts[i].buyer])] : [])),
    );
    assert.deepEqual(new Set(statuses), new Set(['CONFIRMED']), 'every ticket reads CONFIRMED');
  });

  function ticketStatus(answer: HttpAnswer, token: string): Promise<string> {
    return fx.http.send('GET', `/api/v1/tickets/${answer.json().ticket}`, { headers: bearer(token) }).then((r) => r.json().status as string);
  }
});
