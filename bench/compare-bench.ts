// `npm run bench:compare`: the engine against the same flash sale written the usual way (Express,
// GET-check then DECR, one INSERT per order, no idempotency: bench/baseline/), in one session on one
// machine with the same load settings. Measures the ceilings (Redis running admit-n.lua alone, a bare uWS
// hello), then for each contender: throughput and latency with stock that never runs out, units oversold
// in a burst against a small stock, and duplicate orders when every request is sent twice. Prints the
// table, appends it to docs/benchmarks.md (BENCH_REPORT=0: print only) and saves the run in bench/results/
// with its headline, oversold units and duplicate orders per contender (docs/bench-report.html leads with them).
import { loadavg } from 'node:os';
import { startBaseline } from './baseline/baseline-under-test.js';
import { PHASES, runPhases, type ContenderFigures } from './baseline/compare-phases.js';
import { compareSection, COMPARE_COMMAND, duplicates, oversold, renderCompareTable, type CompareFigures } from './baseline/compare-table.js';
import { baselineContender, engineContender } from './baseline/contenders.js';
import { loadBenchSettings } from './support/bench-settings.js';
import { withEngine } from './support/engine-session.js';
import type { EngineUnderTest, Progress } from './support/engine-under-test.js';
import { measureRedisCeiling } from './support/redis-ceiling.js';
import { appendBenchSection } from './support/report.js';
import { keepRun, runHeader, savedLoad, type SavedFigure, type SavedLoad, type SavedRun } from './support/saved-runs.js';
import { measureBareUwsHello, type Measured } from './support/scenarios.js';

const REDIS_CLIENTS = 50;
const REDIS_REQUESTS = 100_000;
/** a Redis-only sale, far above the ids Postgres hands out in a fresh namespace */
const CEILING_SALE_ID = 900_000_001;

const progress: Progress = (message) => process.stdout.write(`[bench:compare] ${message}\n`);

async function run(engine: EngineUnderTest, startedAt: Date): Promise<{ figures: CompareFigures; hello: Measured }> {
  const { settings } = engine;
  const loadAverage = loadavg()[0];
  progress(`Redis ceiling: redis-benchmark EVALSHA admit.lua, ${REDIS_CLIENTS} clients, ${REDIS_REQUESTS} calls`);
  const redisLuaPerSec = await measureRedisCeiling(engine.fx.ns.config, CEILING_SALE_ID, {
    clients: REDIS_CLIENTS, requests: REDIS_REQUESTS, randomRange: 1_000_000, pipeline: 1,
  });
  progress(`Redis ceiling: ${Math.round(redisLuaPerSec)} /s; bare uWS hello, ${settings.connections} connections, ${settings.durationSec} s`);
  const hello = await measureBareUwsHello(engine, progress);

  const engineFigures = await runPhases(engine, engineContender(engine), progress);
  progress('starting the baseline (one Express process)');
  const baseline = await startBaseline(engine);
  let baselineFigures: ContenderFigures;
  try {
    baselineFigures = await runPhases(engine, baselineContender(engine, baseline), progress);
  } finally {
    await baseline.close();
  }
  const figures: CompareFigures = {
    settings, startedAt, loadAverage,
    ceilings: { redisLuaPerSec, redisClients: REDIS_CLIENTS, bareUwsPerSec: hello.load.rps },
    engine: engineFigures,
    baseline: baselineFigures,
  };
  return { figures, hello };
}

function savedCompareRun(f: CompareFigures, hello: Measured): SavedRun {
  const c = f.settings.connections;
  const loadsOf = (target: 'engine' | 'baseline'): SavedLoad[] => [
    savedLoad(PHASES.throughput, target, c, f[target].throughput.load),
    savedLoad(PHASES.oversell, target, c, f[target].oversell.load),
    savedLoad(PHASES.retry, target, c, f[target].retry.load),
  ];
  return {
    ...runHeader('compare', COMPARE_COMMAND, f.startedAt),
    loadAverage: f.loadAverage,
    ceilings: [
      { label: `Redis admit.lua alone, ${f.ceilings.redisClients} clients`, perSec: f.ceilings.redisLuaPerSec },
      { label: 'bare uWS GET hello', perSec: f.ceilings.bareUwsPerSec },
    ],
    loads: [savedLoad('bare uWS GET hello (ceiling)', 'bare uWS', c, hello.load), ...loadsOf('engine'), ...loadsOf('baseline')],
    figures: [...figuresOf('engine', f.engine), ...figuresOf('baseline', f.baseline)],
  };
}

/** The headline of the comparison, then what it rests on. */
function figuresOf(target: 'engine' | 'baseline', x: ContenderFigures): SavedFigure[] {
  return [
    { label: 'oversold units (units sold − stock)', target, value: oversold(x), unit: 'units', headline: true },
    { label: 'duplicate orders under retry (orders beyond one per key)', target, value: duplicates(x), unit: 'orders', headline: true },
    { label: `oversell burst: units sold of a stock of ${x.oversell.stock}`, target, value: x.oversell.orders.units, unit: 'units' },
    { label: 'retry: orders for keys each sent twice (one key per buyer)', target, value: x.retry.orders.rows, unit: 'orders' },
    { label: 'durable orders /s (accepted units / time until all are order rows)', target, value: x.throughput.durablePerSec, unit: '/s' },
  ];
}

async function main(): Promise<number> {
  const settings = loadBenchSettings();
  const startedAt = new Date();
  await withEngine(settings, progress, async (engine) => {
    const { figures, hello } = await run(engine, startedAt);
    process.stdout.write(`\nengine vs the usual way (${settings.connections} connections, ${settings.durationSec} s)\n${renderCompareTable(figures)}\n\n`);
    if (settings.reportFile) {
      const { command, body } = compareSection(figures);
      await appendBenchSection(startedAt, 'engine vs the usual way', command, body);
      progress('appended to docs/benchmarks.md');
    }
    await keepRun(savedCompareRun(figures, hello), progress);
  });
  return 0;
}

try {
  process.exit(await main());
} catch (err) {
  process.stderr.write(`[bench:compare] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
}
