// Order scenarios of bench:orders: a burst (autocannon sends N orders, one unit each, distinct buyers),
// an open-loop rate, and the internal batch API. Every scenario is timed until each of its orders is
// final; a progress line per second shows accepted, paid and in-flight orders; latencies come from
// Postgres (an order's created_at to its PAID event); CPU per paid order from /proc.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { receiver } from '../../test/orders/order-fixture.js';
import { coresBusy, cpuSnapshot, describeCores, postgresBackends, type CpuGroups } from '../support/cpu-meter.js';
import { countOf, runLoad, type LoadSummary } from '../support/load-run.js';

export interface OrderFigures {
  orders: number;
  paid: number;
  /** accepted (202) orders per second while they were sent */
  intakePerSec: number;
  /** orders that reached PAID per second, first order sent to last PAID */
  paidPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU of the whole machine per paid order, load generator excluded */
  cpuUsPerPaid: number;
}

export interface ScenarioRig {
  db: pg.Pool;
  redis: Redis;
  baseUrl: string;
  tokens: string[];
  cpuGroups: CpuGroups;
  progress(line: string): void;
}

interface Books {
  written: number;
  paid: number;
  open: number;
}

async function books(db: pg.Pool, since: Date): Promise<Books> {
  const { rows } = await db.query<Books>(
    `SELECT count(*)::int AS written, count(*) FILTER (WHERE status = 'PAID')::int AS paid,
       count(*) FILTER (WHERE saga_step NOT IN ('DONE', 'COMPENSATED', 'PARKED'))::int AS open
     FROM shop_orders WHERE created_at >= $1`,
    [since],
  );
  return rows[0];
}

/** Prints accepted/paid/in flight each second until `expected` orders are written and final. */
async function untilSettled(rig: ScenarioRig, since: Date, expected: () => number, loadDone: () => boolean, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await new Promise((r) => setTimeout(r, 1_000));
    const b = await books(rig.db, since);
    rig.progress(`accepted ${b.written}, paid ${b.paid}, in flight ${b.open}`);
    if (loadDone() && b.written >= expected() && b.open === 0) return;
    if (Date.now() > deadline) throw new Error(`orders not final in time: ${JSON.stringify(b)}`);
  }
}

async function paidTimings(db: pg.Pool, since: Date): Promise<{ latencies: number[]; lastPaidMs: number }> {
  const { rows } = await db.query<{ ms: number; paid_at: Date }>(
    `SELECT extract(epoch FROM e.created_at - o.created_at) * 1000 AS ms, e.created_at AS paid_at
     FROM shop_orders o JOIN order_events e ON e.order_id = o.id AND e.to_status = 'PAID' AND e.type = 'STATUS'
     WHERE o.created_at >= $1`,
    [since],
  );
  return { latencies: rows.map((r) => Number(r.ms)).sort((a, b) => a - b), lastPaidMs: Math.max(0, ...rows.map((r) => r.paid_at.getTime())) };
}

const quantile = (sorted: number[], q: number) => (sorted.length === 0 ? 0 : Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]));

/** A load in progress: how many orders were accepted so far, whether sending ended, and its timing. */
interface Sending {
  accepted(): number;
  finished(): boolean;
  /** seconds the orders took to be accepted, and the CPU the load generator used (0 when it is the bench itself) */
  sent: Promise<{ acceptedSec: number; generatorCpuSec: number }>;
}

/** Starts a load and waits until its orders are final; the figures every scenario reports. */
async function measure(rig: ScenarioRig, start: () => Sending): Promise<OrderFigures> {
  const since = new Date(Date.now() - 1_000);
  const groups: CpuGroups = { ...rig.cpuGroups, postgres: await postgresBackends(rig.db) };
  const cpuFrom = await cpuSnapshot(groups, rig.redis);
  const started = Date.now();
  const sending = start();
  await untilSettled(rig, since, sending.accepted, sending.finished);
  const { acceptedSec, generatorCpuSec } = await sending.sent;
  const cpuTo = await cpuSnapshot(groups, rig.redis);
  const { latencies, lastPaidMs } = await paidTimings(rig.db, since);
  const busy = coresBusy(cpuFrom, cpuTo, generatorCpuSec);
  rig.progress(`cores busy: ${describeCores(busy)}`);
  const wallSec = (cpuTo.atMs - cpuFrom.atMs) / 1_000;
  return {
    orders: sending.accepted(),
    paid: latencies.length,
    intakePerSec: sending.accepted() / acceptedSec,
    paidPerSec: latencies.length / Math.max(0.001, (lastPaidMs - started) / 1000),
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    cpuUsPerPaid: (((busy.machine - busy['load generator']) * wallSec) / Math.max(1, latencies.length)) * 1e6,
  };
}

/** Orders through POST /api/v1/orders: `amount` of them as fast as 200 connections go, or `rate` per second for `durationSec`. */
export function orderLoad(rig: ScenarioRig, skus: number[], load: { amount: number } | { rate: number; durationSec: number }): Promise<OrderFigures> {
  const bodies = skus.map((sku) => JSON.stringify({ items: [{ sku, quantity: 1 }], receiver, cardToken: 'tok_bench_4242' }));
  return measure(rig, () => {
    let summary: LoadSummary | undefined;
    const sent = runLoad({
      url: rig.baseUrl,
      connections: 'rate' in load ? 100 : 200,
      durationSec: 'rate' in load ? load.durationSec : 600,
      ...('amount' in load ? { amount: load.amount } : { overallRate: load.rate }),
      attempt: { tokens: rig.tokens, keyPrefix: `bench-${randomUUID().slice(0, 8)}-`, paths: ['/api/v1/orders'], bodies },
    }).then((s) => {
      summary = s;
      if (countOf(s, 202) < s.requests) rig.progress(`non-202 answers: ${JSON.stringify(s.statuses)}, errors ${s.errors}`);
      return { acceptedSec: s.durationSec, generatorCpuSec: s.cpuSec };
    });
    return { accepted: () => (summary ? countOf(summary, 202) : 0), finished: () => summary !== undefined, sent };
  });
}

/** The internal batch API: `total` orders in batches of `batchSize`, `inFlight` batches at a time. */
export function batchLoad(rig: ScenarioRig, serviceToken: string, sku: number, total: number, batchSize: number, inFlight: number): Promise<OrderFigures> {
  const runId = randomUUID().slice(0, 8);
  const bodies = Array.from({ length: Math.ceil(total / batchSize) }, (_, b) =>
    JSON.stringify({
      orders: Array.from({ length: Math.min(batchSize, total - b * batchSize) }, (_, i) => ({
        userId: 900_000 + b * batchSize + i,
        idempotencyKey: `${runId}-${b}-${i}`,
        items: [{ sku, quantity: 1 }],
        receiver,
        cardToken: 'tok_bench_4242',
      })),
    }),
  );
  return measure(rig, () => {
    const started = Date.now();
    let accepted = 0;
    let finished = false;
    let next = 0;
    const sender = async () => {
      for (let b = next++; b < bodies.length; b = next++) {
        const res = await fetch(`${rig.baseUrl}/internal/v1/orders`, {
          method: 'POST',
          headers: { authorization: `Bearer ${serviceToken}`, 'content-type': 'application/json' },
          body: bodies[b],
        });
        const answer = (await res.json()) as { results?: { orderId?: string }[] };
        if (res.status !== 202) throw new Error(`batch answered ${res.status}: ${JSON.stringify(answer)}`);
        accepted += answer.results!.filter((r) => r.orderId).length;
      }
    };
    // the sender is this process: its CPU counts in the machine's (the batch row says so)
    const sent = Promise.all(Array.from({ length: inFlight }, sender)).then(() => {
      finished = true;
      return { acceptedSec: (Date.now() - started) / 1000, generatorCpuSec: 0 };
    });
    return { accepted: () => accepted, finished: () => finished, sent };
  });
}
