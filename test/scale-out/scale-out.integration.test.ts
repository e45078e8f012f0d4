// Scale-out on one machine: two edges share the HTTP port, workers lease 8 partitions. Under a flash-sale
// and a reservation load, a third worker joins, one of the first two leaves (SIGTERM) and the other is
// killed (SIGKILL): partitions move, nothing is lost or doubled, and no partition ever runs on two
// workers at once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../support/engine-processes.js';
import { edgeSeriesValues } from '../../bench/support/edge-metrics.js';
import { ReservationFixture } from '../reservation/reservation-fixture.js';
import { waitFor } from '../support/eventually.js';
import type { FlashSaleFixture } from '../support/flash-sale-fixture.js';
import { ownershipIntervals, overlaps, type OwnershipInterval } from './ownership-log.js';

const PARTITIONS = 8;
const SALES = 6;
const SALE_STOCK = 100_000; // never sells out: every attempt is admitted or refused for another reason
const SKUS = 6;
const SKU_STOCK = 80; // usually runs out during the load: refusals under contention must stay exact too
const USERS = 400;
const SALE_ATTEMPTS_PER_WAVE = 120;
const RESERVATIONS_PER_WAVE = 40;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const progress = (message: string) => console.log(`[scale-out] ${message}`);

describe('scale-out (integration)', () => {
  let rx: ReservationFixture;
  let fx: FlashSaleFixture;

  before(async () => {
    rx = await ReservationFixture.start(['edge'], {
      METRICS_PORT_BASE: String(await freePort()), // each edge's /metrics on base + 100 + EDGE_INDEX
      PARTITIONS: String(PARTITIONS),
      WORKER_REBALANCE_MS: '300',
      WORKER_ACK_WAIT_MS: '3000',
      SWEEPER_INTERVAL_MS: '500',
      RESERVATION_HOLD_TTL_MS: '600000', // no hold expires during the test: HELD counts stay exact
    });
    fx = rx.cat.fx;
  });
  after(async () => {
    await rx?.close();
  });

  const until = (what: string, probe: () => boolean | Promise<boolean>, timeoutMs = 60_000) => waitFor(probe, { timeoutMs, intervalMs: 100, message: what });

  const logOf = (name: string) => fx.roles.get(name)!.output();
  const acquiredBy = (name: string) => ownershipIntervals(name, logOf(name)).map((i) => i.partition);

  async function leaseCount(): Promise<Map<number, number>> {
    const { rows } = await fx.db.query<{ pid: number; n: number }>(
      `SELECT pid, count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2 AND classid = $1::int::oid
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) GROUP BY pid`,
      [0x6770_0001],
    );
    return new Map(rows.map((r) => [r.pid, r.n]));
  }

  it('scale-out - workers join, leave and die under load: partitions move, nothing lost or doubled', async () => {
    const started = Date.now();
    progress('starting a second edge on the same port, the scheduler and two workers');
    const noMetrics = { METRICS_PORT_BASE: '0' }; // only the edges are read
    await fx.startRole('edge', 'edge2', { EDGE_INDEX: '1' });
    await fx.startRole('scheduler', 'scheduler', noMetrics);
    await fx.startRole('worker', 'worker1', noMetrics);
    await fx.startRole('worker', 'worker2', noMetrics);
    await until('two workers share the partitions', async () => [...(await leaseCount()).values()].join() === '4,4');

    const saleIds: number[] = [];
    for (let i = 0; i < SALES; i++) saleIds.push(await fx.createSale({ stock: SALE_STOCK, perUserLimit: 100 }));
    const skuIds: number[] = [];
    for (let i = 0; i < SKUS; i++) skuIds.push((await rx.item([SKU_STOCK])).skus[0].id);
    const tokens = await Promise.all(Array.from({ length: USERS }, (_, i) => fx.token(20_000 + i, 'buyer')));

    // the load: waves of sale attempts and reservations until told to stop
    const admitted = new Map<number, number>(saleIds.map((id) => [id, 0]));
    const held = new Map<number, number>(skuIds.map((id) => [id, 0]));
    let waves = 0;
    let stopLoad = false;
    const load = (async () => {
      for (; !stopLoad; waves++) {
        const sales = Array.from({ length: SALE_ATTEMPTS_PER_WAVE }, async (_, i) => {
          const saleId = saleIds[(waves + i) % SALES];
          const answer = await fx.attempt(saleId, tokens[(waves * 7 + i) % USERS], `w${waves}-s${i}`);
          if (answer.status === 202) admitted.set(saleId, admitted.get(saleId)! + 1);
          else assert.equal(answer.status, 409, answer.text); // LIMIT_REACHED for a user's 101st unit
        });
        const holds = Array.from({ length: RESERVATIONS_PER_WAVE }, async (_, i) => {
          const sku = skuIds[(waves + i) % SKUS];
          const answer = await rx.reserve(tokens[(waves * 11 + i) % USERS], [{ sku, quantity: 1 }], `w${waves}-r${i}`);
          if (answer.status === 202) held.set(sku, held.get(sku)! + 1);
          else assert.equal(answer.json().error.code, 'INSUFFICIENT_STOCK', answer.text);
        });
        await Promise.all([...sales, ...holds]);
      }
    })();
    const loadFailed = load.then(
      () => new Promise<never>(() => {}),
      (err: unknown) => Promise.reject(err),
    );
    loadFailed.catch(() => {}); // reported where the load is awaited
    const during = <T>(step: Promise<T>) => Promise.race([step, loadFailed]);

    await during(until('the first orders are durable', async () => (await fx.soldInPostgres(saleIds[0])) > 0));
    progress(`load running (${waves} waves); a third worker joins`);
    await during(fx.startRole('worker', 'worker3', noMetrics));
    await during(until('worker3 leased partitions', () => acquiredBy('worker3').length >= 2));
    await during(until('three workers share the partitions', async () => [...(await leaseCount()).values()].sort().join() === '2,3,3'));
    const joined = acquiredBy('worker3');
    progress(`worker3 leased ${JSON.stringify(joined)}; worker1 leaves (SIGTERM)`);

    const ofWorker1 = ownershipIntervals('worker1', logOf('worker1')).filter((i) => i.to === Infinity).map((i) => i.partition);
    await during(fx.roles.get('worker1')!.stop());
    const stoppedAt = Date.now();
    assert.match(logOf('worker1'), /"msg":"stopped"/);
    await during(until("worker1's partitions taken over", async () => [...(await leaseCount()).values()].sort().join() === '4,4'));
    progress(`worker1's ${JSON.stringify(ofWorker1)} moved; worker2 is killed (SIGKILL)`);

    const killedAt = Date.now();
    const wavesAtKill = waves;
    await during(fx.roles.get('worker2')!.kill9());
    await during(until('worker3 leases every partition', async () => [...(await leaseCount()).values()].join() === String(PARTITIONS)));
    await during(until('a few more waves on worker3 alone', () => waves >= wavesAtKill + 3));
    stopLoad = true;
    await load;
    progress(`load stopped after ${waves} waves; waiting for durability`);

    // exact durable truth: one order row per admitted attempt, sold == rows, holds == 202s
    const totalAdmitted = [...admitted.values()].reduce((a, b) => a + b, 0);
    await until('every admitted unit is an order row', async () => {
      const { rows } = await fx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders');
      return rows[0].n >= totalAdmitted;
    }, 90_000);
    const totalHeld = [...held.values()].reduce((a, b) => a + b, 0);
    await rx.until('every hold persisted', async () => ((await rx.states()).HELD ?? 0) >= totalHeld, 90_000);
    await sleep(2 * 3_000); // redeliveries after the ack wait must change nothing
    for (const saleId of saleIds) {
      const { rows } = await fx.db.query<{ sold: number; rows: number; units: number }>(
        `SELECT s.sold, count(o.id)::int AS rows, coalesce(sum(o.quantity), 0)::int AS units
         FROM sales s LEFT JOIN orders o ON o.sale_id = s.id WHERE s.id = $1 GROUP BY s.sold`,
        [saleId],
      );
      const n = admitted.get(saleId)!;
      assert.deepEqual(rows[0], { sold: n, rows: n, units: n }, `sale ${saleId}`);
    }
    assert.deepEqual(await rx.states(), { HELD: totalHeld });
    for (const sku of skuIds) {
      const n = held.get(sku)!;
      assert.deepEqual(await rx.skuRow(sku), { stock: SKU_STOCK, held: n, sold: 0, available: SKU_STOCK - n }, `sku ${sku}`);
      assert.equal(await rx.redisAvailable(sku), SKU_STOCK - n, `sku ${sku} in Redis`);
    }

    // both edges served, and together admitted exactly what the clients were told
    const perEdge = await edgeSeriesValues([100, 101].map((offset) => `http://127.0.0.1:${fx.ns.config.metricsPortBase + offset}`), 'gopang_admissions_total{outcome="ADMITTED"}');
    assert.ok(perEdge.every((n) => n > 0), `both edges admitted: ${JSON.stringify(perEdge)}`);
    assert.equal(perEdge.reduce((a, b) => a + b, 0), totalAdmitted);

    // partitions moved, and never ran on two workers at once
    const intervals: OwnershipInterval[] = [
      ...ownershipIntervals('worker1', logOf('worker1'), stoppedAt),
      ...ownershipIntervals('worker2', logOf('worker2'), killedAt),
      ...ownershipIntervals('worker3', logOf('worker3')),
    ];
    const rebalanced = intervals.filter((i) => i.releaseReason === 'rebalance');
    assert.ok(rebalanced.length >= 2, 'workers 1 and 2 handed partitions to the joiner');
    for (const p of ofWorker1) {
      const handedBack = Math.max(...intervals.filter((i) => i.partition === p && i.worker === 'worker1').map((i) => i.to));
      assert.ok(intervals.some((i) => i.partition === p && i.worker !== 'worker1' && i.from >= handedBack), `partition ${p} of worker1 was taken over`);
    }
    assert.deepEqual(overlaps(intervals), []);
    progress(`${totalAdmitted} sale units and ${totalHeld} holds exact; ${intervals.length} ownership intervals; ${Math.round((Date.now() - started) / 1000)} s`);
  });
});
