// `npm run bench:orders`: orders through the whole saga (edge -> JetStream -> orchestrator -> Redis
// hold -> fake PortOne gateway -> confirm) with the fake answering at 0 ms and at 50 ms, p50/p99 from
// intake to PAID, and the internal batch API's orders/s. Prints a table and appends a dated section to
// docs/benchmarks.md in one write (BENCH_REPORT=0: print only).
//   BENCH_ORDERS 2000 (per saga scenario), BENCH_BATCH_ORDERS 5000, BENCH_BATCH_SIZE 50
import { loadavg } from 'node:os';
import { appendBenchSection } from './support/report.js';
import { mintAccessToken } from '../engine/auth/dev-token-issuer.js';
import { int } from '../engine/platform/config.js';
import { OrderFixture } from '../test/orders/order-fixture.js';
import { freePort } from '../test/support/engine-processes.js';
import { batchScenario, sagaScenario, type SagaFigures } from './orders/saga-scenario.js';

const env = process.env;
const orders = int(env, 'BENCH_ORDERS', 2_000);
const batchOrders = int(env, 'BENCH_BATCH_ORDERS', 5_000);
// 50 orders (~9 KB of JSON): REST bodies over ~16 KB currently stall in the edge (seen on every route)
const batchSize = int(env, 'BENCH_BATCH_SIZE', 50);
const progress = (message: string) => process.stdout.write(`[bench:orders] ${message}\n`);

const port = await freePort();
const gatewayUrl = `http://127.0.0.1:${port}`;
const fx = await OrderFixture.start(['gateway', 'edge', 'orchestrator'], { FAKE_GATEWAY_PORT: String(port), LOG_LEVEL: 'warn' });
const control = (knobs: Record<string, number>) =>
  fetch(`${gatewayUrl}/__control`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(knobs) });

let exitCode = 0;
try {
  const startedAt = new Date();
  const load = loadavg()[0].toFixed(2);
  // one SKU per scenario, with stock for every order: the hot-row case (every saga updates the same SKU row)
  const skus = (await fx.rx.item([orders, orders, batchOrders])).skus.map((s) => s.id);
  const saga: [number, SagaFigures][] = [];
  for (const [index, latencyMs] of [0, 50].entries()) {
    await control({ latencyMs });
    progress(`${orders} orders, gateway latency ${latencyMs} ms`);
    const tokens = await Promise.all(Array.from({ length: orders }, (_, i) => fx.cat.token(200_000 * (index + 1) + i, 'buyer')));
    saga.push([latencyMs, await sagaScenario(fx, skus[index], tokens)]);
  }
  await control({ latencyMs: 0 });
  progress(`${batchOrders} orders in internal batches of ${batchSize}`);
  const service = await mintAccessToken(fx.cat.config, { userId: 9_999, roles: ['service'], scopes: ['order:intake'] });
  const batch = await batchScenario(fx, skus[2], service, batchOrders, batchSize);

  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const table = [
    '| scenario | orders | paid | intake orders/s | PAID orders/s | intake→PAID p50 / p99 |',
    '|---|---|---|---|---|---|',
    ...saga.map(([latency, f]) => `| burst, fake gateway ${latency} ms | ${n(f.orders)} | ${n(f.paid)} | ${n(f.intakePerSec)} | ${n(f.paidPerSec)} | ${f.p50Ms} / ${f.p99Ms} ms |`),
    `| internal batch API (${batch.batchSize}/batch, 4 in flight), fake 0 ms | ${n(batch.orders)} | — | ${n(batch.acceptedPerSec)} | ${n(batch.paidPerSec)} | — |`,
  ].join('\n');
  process.stdout.write(`${table}\n`);
  if (env.BENCH_REPORT !== '0') {
    await appendBenchSection(
      startedAt,
      'order saga',
      `Command: \`npm run bench:orders\` (BENCH_ORDERS=${orders}, BENCH_BATCH_ORDERS=${batchOrders}, BENCH_BATCH_SIZE=${batchSize}): one edge, one orchestrator ` +
        `(ORDER_SAGA_CONCURRENCY=${fx.cat.config.orders.sagaConcurrency}), the fake PortOne gateway process, all on the same 2 cores. Each order is one unit of one SKU by a distinct buyer; ` +
        'intake→PAID is measured in Postgres (order created_at to its PAID event). ' +
        `1-minute load average at the start: ${load}.`,
      [table],
    );
    progress('appended to docs/benchmarks.md');
  }
} catch (err) {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? err}\n`);
  exitCode = 1;
} finally {
  await fx.close();
}
process.exit(exitCode);
