// `npm run bench:sale`: the flash-sale hot path against the ceilings of its parts, measured in one run.
// Starts a private engine (namespace, worker, scheduler, BENCH_EDGES edges), then measures:
//   1. Redis running lua/admit-n.lua alone (redis-benchmark, unpipelined and pipelined) and a bare uWS hello
//   2. admission (stock never runs out), and how fast its admitted tickets become order rows
//   3. admission latency at a constant offered rate (open loop): half the measured admission rate, then a tenth
//   4. sold-out (answered from the edge's memory)   5. one worker draining a backlog of tickets
//   6. admitted -> PAID orders/s when every buyer pays at once, and units returned/s when none pays
// Each measured run waits for a quiet machine first (what the last one left behind runs to its end).
// prints a table, appends a dated section to docs/benchmarks.md, saves the run (per-second samples) in
// bench/results/, and removes everything it started.
import { loadavg } from 'node:os';
import { loadBenchSettings } from './support/bench-settings.js';
import { measureDrain } from './support/drain-scenario.js';
import { measurePaymentWindow } from './support/payment-window-scenario.js';
import type { EngineUnderTest } from './support/engine-under-test.js';
import { withEngine } from './support/engine-session.js';
import { measureRedisCeiling } from './support/redis-ceiling.js';
import { appendReport, COMMAND, renderTable, type BenchFigures } from './support/report.js';
import { keepRun, runHeader, savedLoad, type SavedFigure, type SavedRun } from './support/saved-runs.js';
import { LIGHT_OPEN_LOOP_SHARE, measureAdmission, measureBareUws, measureOpenLoopAdmission, measureSoldOut, OPEN_LOOP_SHARE } from './support/scenarios.js';

const REDIS_CLIENTS = 50;
const REDIS_REQUESTS = 200_000;
const REDIS_RANDOM_RANGE = 1_000_000;
const REDIS_PIPELINE = 16;
/** Redis-only sales of the ceiling runs: far above the ids Postgres hands out in a fresh namespace. */
const CEILING_SALE_IDS = [900_000_001, 900_000_002];

const progress = (message: string) => process.stdout.write(`[bench] ${message}\n`);

async function run(engine: EngineUnderTest): Promise<BenchFigures> {
  const { settings } = engine;
  const startedAt = new Date();
  const [loadAverage] = loadavg();
  const ceiling = (saleId: number, pipeline: number) =>
    measureRedisCeiling(engine.fx.ns.config, saleId, { clients: REDIS_CLIENTS, requests: REDIS_REQUESTS, randomRange: REDIS_RANDOM_RANGE, pipeline });

  progress(`Redis ceiling: redis-benchmark EVALSHA admit.lua, ${REDIS_CLIENTS} clients, ${REDIS_REQUESTS} calls`);
  const plain = await ceiling(CEILING_SALE_IDS[0], 1);
  progress(`Redis ceiling unpipelined: ${Math.round(plain)} /s; now pipelined ${REDIS_PIPELINE}`);
  const pipelined = await ceiling(CEILING_SALE_IDS[1], REDIS_PIPELINE);
  progress(`Redis ceiling pipelined ${REDIS_PIPELINE}: ${Math.round(pipelined)} /s`);

  progress(`bare uWS hello, ${settings.connections} connections, ${settings.durationSec} s`);
  const bareUws = await measureBareUws(engine, progress);

  progress(`admission, ${settings.connections} connections, ${settings.durationSec} s`);
  const admission = await measureAdmission(engine, progress);

  const openLoops = [];
  for (const share of [OPEN_LOOP_SHARE, LIGHT_OPEN_LOOP_SHARE]) {
    progress(`admission open loop: ${share} × ${Math.round(admission.load.rps)} /s offered for ${settings.durationSec} s`);
    openLoops.push(await measureOpenLoopAdmission(engine, progress, admission.load.rps, share));
  }

  progress(`sold-out, ${settings.connections} connections, ${settings.durationSec} s`);
  const soldOut = await measureSoldOut(engine, progress);

  progress(`worker drain: admission ${settings.durationSec} s with the worker stopped, then one worker takes the backlog`);
  const drain = await measureDrain(engine, progress);

  const paymentWindow = await measurePaymentWindow(engine, progress);

  return {
    settings,
    startedAt,
    loadAverage,
    redis: { clients: REDIS_CLIENTS, requests: REDIS_REQUESTS, plain, pipelined, pipeline: REDIS_PIPELINE },
    bareUws,
    admission,
    soldOut,
    drain,
    paymentWindow,
    openLoops,
  };
}

async function main(): Promise<number> {
  const settings = loadBenchSettings();
  await withEngine(settings, progress, async (engine) => {
    const figures = await run(engine);
    process.stdout.write(`\nsale bench (${settings.edges} edge(s), ${settings.connections} connections, ${settings.durationSec} s)\n${renderTable(figures)}\n\n`);
    if (settings.reportFile) {
      await appendReport(settings.reportFile, figures);
      progress(`appended to ${settings.reportFile}`);
    }
    await keepRun(savedSaleRun(figures), progress);
  });
  return 0;
}

/** The loads of this run with their per-second samples, for `npm run bench:report`. */
function savedSaleRun(f: BenchFigures): SavedRun {
  const c = f.settings.connections;
  return {
    ...runHeader('sale', COMMAND, f.startedAt),
    loadAverage: f.loadAverage,
    ceilings: [
      { label: `Redis admit.lua alone, ${f.redis.clients} clients`, perSec: f.redis.plain },
      { label: `Redis admit.lua alone, pipelined ${f.redis.pipeline}`, perSec: f.redis.pipelined },
      { label: 'bare uWS GET hello', perSec: f.bareUws.hello.load.rps },
    ],
    loads: [
      savedLoad('bare uWS GET hello (ceiling)', 'bare uWS', c, f.bareUws.hello.load),
      savedLoad('bare uWS, the sold-out request stream', 'bare uWS', c, f.bareUws.attemptShaped.load),
      savedLoad('admission (stock never runs out)', 'engine', c, f.admission.load),
      savedLoad('sold-out (answered from memory)', 'engine', c, f.soldOut.load),
      ...(f.openLoops ?? []).map((o) => savedLoad(`admission offered ${o.offeredRate} /s (open loop)`, 'engine', c, o.load)),
    ],
    figures: saleFigures(f),
  };
}

function saleFigures(f: BenchFigures): SavedFigure[] {
  const engine = (label: string, value: number, unit: string): SavedFigure => ({ label, target: 'engine', value, unit });
  return [
    engine('admitted units that became order rows, per second (load start to the last row)', f.admission.durablePerSec, '/s'),
    engine('order rows, fastest 1-s climb', f.admission.peakDurablePerSec, '/s'),
    engine('last order row after the load ended', f.admission.drainSec, 's'),
    engine(`one worker draining a backlog of ${f.drain.backlogUnits} tickets`, f.drain.drainPerSec, '/s'),
    engine('sold-out answers from memory (fast path) during the sold-out load', f.soldOut.fastPathDelta, 'answers'),
    ...(f.paymentWindow
      ? [
          engine(`admitted -> PAID, ${f.paymentWindow.orders} buyers paying at once`, f.paymentWindow.paidPerSec, 'orders/s'),
          engine(`units returned to the sale when ${f.paymentWindow.orders} payment windows close`, f.paymentWindow.returnedPerSec, '/s'),
        ]
      : []),
  ];
}

try {
  process.exit(await main());
} catch (err) {
  process.stderr.write(`[bench] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
}
