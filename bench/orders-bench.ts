// `npm run bench:orders`: orders through the whole pipeline (edge intake with the Redis hold -> JetStream
// -> per-partition order actors -> fake PortOne gateway -> PAID), on one edge, one orchestrator (the
// order actors) and the fake gateway process, all on the same 2 cores as Postgres, Redis, NATS and the
// load generator (autocannon in its own process). Scenarios: a burst on ONE SKU (fake gateway at 0 and
// 50 ms), the same spread over 200 SKUs, the internal batch API, and an open-loop constant rate.
// Prints a progress line per second and a table; appends a dated section to docs/benchmarks.md (BENCH_REPORT=0: print only)
// and saves the run in bench/results/.
//   BENCH_ORDERS 20000 (per burst), BENCH_BATCH_ORDERS 20000, BENCH_BATCH_SIZE 100, BENCH_BATCH_IN_FLIGHT 8,
//   BENCH_OPEN_RATE 1000 (orders/s), BENCH_OPEN_SEC 10
import { loadavg } from 'node:os';
import { Redis } from 'ioredis';
import { appendBenchSection } from './support/report.js';
import { keepRun, runHeader, type SavedFigure } from './support/saved-runs.js';
import { mintAccessToken } from '../engine/auth/dev-token-issuer.js';
import { configVar } from '../engine/platform/config.js';
import { OrderFixture } from '../test/orders/order-fixture.js';
import { freePort } from '../test/support/engine-processes.js';
import { batchLoad, orderLoad, type OrderFigures, type ScenarioRig } from './orders/order-scenarios.js';

const env = process.env;
const orders = configVar(env, 'BENCH_ORDERS');
const batchOrders = configVar(env, 'BENCH_BATCH_ORDERS');
const batchSize = configVar(env, 'BENCH_BATCH_SIZE');
const batchInFlight = configVar(env, 'BENCH_BATCH_IN_FLIGHT');
const openRate = configVar(env, 'BENCH_OPEN_RATE');
const openSec = configVar(env, 'BENCH_OPEN_SEC');
const SPREAD_SKUS = 200;
const WARM_UP = 2_000;
const BUYERS = 10_000;
const COMMAND = 'npm run bench:orders';
const progress = (message: string) => process.stdout.write(`[bench:orders] ${message}\n`);

function savedFigures(rows: [string, OrderFigures][]): SavedFigure[] {
  return rows.flatMap(([name, f]) => [
    { label: `${name}: intake orders/s`, target: 'engine', value: f.intakePerSec, unit: '/s' },
    { label: `${name}: PAID orders/s`, target: 'engine', value: f.paidPerSec, unit: '/s' },
    { label: `${name}: intake→PAID p99`, target: 'engine', value: f.p99Ms, unit: 'ms' },
    { label: `${name}: orders not paid`, target: 'engine', value: f.orders - f.paid, unit: 'orders' },
  ]);
}

const port = await freePort();
const gatewayUrl = `http://127.0.0.1:${port}`;
const fx = await OrderFixture.start(['gateway', 'edge', 'orchestrator'], { FAKE_GATEWAY_PORT: String(port), LOG_LEVEL: 'warn', REQUEST_LOG_LEVEL: 'silent' });
const control = (knobs: Record<string, number>) =>
  fetch(`${gatewayUrl}/__control`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(knobs) });
const redis = new Redis(fx.cat.config.redisUrl);

let exitCode = 0;
try {
  const startedAt = new Date();
  const header = runHeader('orders', COMMAND, startedAt);
  const load = loadavg()[0].toFixed(2);
  const pid = (role: string) => fx.cat.fx.roles.get(role)?.child.pid;
  progress(`minting ${BUYERS} buyer tokens`);
  const rig: ScenarioRig = {
    db: fx.db,
    redis,
    baseUrl: fx.cat.fx.http.baseUrl,
    tokens: await Promise.all(Array.from({ length: BUYERS }, (_, i) => fx.cat.token(300_000 + i, 'buyer'))),
    cpuGroups: { edge: [pid('edge')], orchestrator: [pid('orchestrator')], gateway: [pid('gateway')] },
    progress,
  };
  const hot = (await fx.rx.item([orders, orders, batchOrders, openRate * openSec, WARM_UP])).skus.map((s) => s.id);
  // an item holds at most 50 options: 200 SKUs are four items of 50
  const spread: number[] = [];
  for (let i = 0; i < SPREAD_SKUS / 50; i++) {
    spread.push(...(await fx.rx.item(Array.from({ length: 50 }, () => Math.ceil(orders / SPREAD_SKUS)))).skus.map((s) => s.id));
  }
  const rows: [string, OrderFigures][] = [];
  const scenario = async (name: string, run: () => Promise<OrderFigures>) => {
    progress(name);
    rows.push([name, await run()]);
  };
  // JIT, pools and keep-alive connections warm up on orders that are not reported
  progress(`warm-up: ${WARM_UP} orders (not reported)`);
  await orderLoad(rig, [hot[4]], { amount: WARM_UP });
  await scenario(`burst of ${orders} on ONE SKU, fake gateway 0 ms`, () => orderLoad(rig, [hot[0]], { amount: orders }));
  await control({ latencyMs: 50 });
  await scenario(`burst of ${orders} on ONE SKU, fake gateway 50 ms`, () => orderLoad(rig, [hot[1]], { amount: orders }));
  await control({ latencyMs: 0 });
  await scenario(`burst of ${orders} over ${SPREAD_SKUS} SKUs, fake gateway 0 ms`, () => orderLoad(rig, spread, { amount: orders }));
  const service = await mintAccessToken(fx.cat.config, { userId: 9_999, roles: ['service'], scopes: ['order:intake'] });
  await scenario(`internal batch API, ${batchOrders} in batches of ${batchSize} (${batchInFlight} in flight), 0 ms`, () =>
    batchLoad(rig, service, hot[2], batchOrders, batchSize, batchInFlight));
  await scenario(`open loop: ${openRate} orders/s offered for ${openSec} s, 0 ms`, () => orderLoad(rig, [hot[3]], { rate: openRate, durationSec: openSec }));

  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const table = [
    '| scenario | orders | paid | intake orders/s | PAID orders/s | intake→PAID p50 / p99 | server CPU per paid order |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(([name, f]) => `| ${name} | ${n(f.orders)} | ${n(f.paid)} | ${n(f.intakePerSec)} | ${n(f.paidPerSec)} | ${f.p50Ms} / ${f.p99Ms} ms | ${n(f.cpuUsPerPaid)} µs |`),
  ].join('\n');
  process.stdout.write(`${table}\n`);
  if (configVar(env, 'BENCH_REPORT')) {
    await appendBenchSection(
      startedAt,
      'order pipeline',
      `Command: \`${COMMAND}\` (BENCH_ORDERS=${orders}, BENCH_BATCH_ORDERS=${batchOrders}, BENCH_BATCH_SIZE=${batchSize}, ` +
        `BENCH_OPEN_RATE=${openRate}, BENCH_OPEN_SEC=${openSec}; PARTITIONS=${fx.cat.config.partitions}, ORDER_PAYMENT_CONCURRENCY=${fx.cat.config.orders.paymentConcurrency}): ` +
        'one edge, one orchestrator (the order actors), the fake PortOne gateway process, Postgres, Redis, NATS and autocannon (200 connections; 100 for the open loop) on the same 2 cores. ' +
        'Each order is one unit by one of 10,000 buyers; intake→PAID is measured in Postgres (created_at to the PAID event). ' +
        'Server CPU per paid order = busy cores of the machine minus the load generator, over the scenario, per paid order (the batch row includes its sender). ' +
        `1-minute load average at the start: ${load}.`,
      [table],
    );
    progress('appended to docs/benchmarks.md');
  }
  await keepRun({ ...header, ceilings: [], loads: [], figures: savedFigures(rows) }, progress);
} catch (err) {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? err}\n`);
  exitCode = 1;
} finally {
  redis.disconnect();
  await fx.close();
}
process.exit(exitCode);
