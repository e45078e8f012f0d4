// `npm run bench:scale`: the same flash-sale load on 1 edge + 1 worker, then on 2 edges + 2 workers
// (edges share the port, workers lease the partitions). Attempts go round-robin to several sales so
// tickets spread over the partitions. Per setup: admission req/s and p99, durable orders/s (admitted
// units / time until all are order rows), and how fast the workers drain a JetStream backlog.
// Prints a table, appends a dated section to docs/benchmarks.md (not with BENCH_REPORT=0) and saves the run
// in bench/results/.
import { loadavg } from 'node:os';
import { loadBenchSettings, type BenchSettings } from './support/bench-settings.js';
import { killTracked } from './support/child-processes.js';
import { admittedUnits, createBenchSale, sleep, startEngine, type EngineUnderTest } from './support/engine-under-test.js';
import { countOf, non2xx, runLoad, type LoadSummary } from './support/load-run.js';
import { appendBenchSection } from './support/report.js';
import { keepRun, runHeader, savedLoad, type SavedRun } from './support/saved-runs.js';
import { SoldSampler } from './support/sold-sampler.js';

const SALES = 8;
const STOCK = 10_000_000;
const PER_USER_LIMIT = 1_000;
const COMMAND = 'npm run bench:scale';

interface ScaleFigures {
  edges: number;
  workers: number;
  admission: LoadSummary;
  durablePerSec: number;
  drainUnits: number;
  drainPerSec: number;
}

const progress = (message: string) => process.stdout.write(`[bench] ${message}\n`);
const int = (n: number) => Math.round(n).toLocaleString('en-US');

async function createSales(engine: EngineUnderTest): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < SALES; i++) ids.push(await createBenchSale(engine, STOCK, PER_USER_LIMIT));
  return ids;
}

async function admitted(engine: EngineUnderTest, saleIds: number[]): Promise<number> {
  return (await Promise.all(saleIds.map((id) => admittedUnits(engine, id, STOCK)))).reduce((a, b) => a + b, 0);
}

/** One load over all `saleIds`; answers the load and the time (performance.now) its first request went out. */
async function load(engine: EngineUnderTest, saleIds: number[], keyPrefix: string, durationSec: number, onStarted?: () => void) {
  const { settings, tokens, baseUrl } = engine;
  const paths = saleIds.map((id) => `/api/v1/sales/${id}/attempts`);
  const summary = await runLoad({ url: `${baseUrl}${paths[0]}`, connections: settings.connections, durationSec, attempt: { tokens, keyPrefix, paths } }, onStarted);
  if (countOf(summary, 202) === 0) throw new Error(`${keyPrefix} load got no 202 answers (${non2xx(summary)})`);
  return summary;
}

async function startWorkers(engine: EngineUnderTest, workers: number): Promise<void> {
  await Promise.all(Array.from({ length: workers }, (_, i) => engine.startRole('worker', `worker${i + 1}`)));
}

async function stopWorkers(engine: EngineUnderTest): Promise<void> {
  for (const [name, role] of engine.fx.roles) {
    if (role.role !== 'worker') continue;
    await role.stop();
    engine.fx.roles.delete(name);
  }
}

async function measureSetup(settings: BenchSettings, workers: number): Promise<ScaleFigures> {
  const engine = await startEngine(settings, progress);
  const timeoutMs = settings.durabilityTimeoutSec * 1_000;
  try {
    // startEngine runs one worker; the others join and the leases spread (WORKER_REBALANCE_MS)
    await stopWorkers(engine);
    await startWorkers(engine, workers);
    await sleep(3_000);

    const warm = await createSales(engine);
    progress(`${settings.edges} edge(s), ${workers} worker(s): warm-up ${settings.warmupSec} s`);
    await load(engine, warm, 'warm-', settings.warmupSec);
    const warmSampler = new SoldSampler(engine.fx.db, warm);
    warmSampler.start();
    await warmSampler.waitForDurable(() => admitted(engine, warm), timeoutMs).finally(() => warmSampler.stop());

    const saleIds = await createSales(engine);
    const sampler = new SoldSampler(engine.fx.db, saleIds);
    let startedAt = 0;
    const admission = await load(engine, saleIds, 'k-', settings.durationSec, () => {
      startedAt = performance.now();
      sampler.start();
    });
    const durable = await sampler.waitForDurable(() => admitted(engine, saleIds), timeoutMs).finally(() => sampler.stop());
    const durablePerSec = durable.units / ((durable.atMs - startedAt) / 1_000);
    progress(`admission ${int(admission.rps)} req/s (p99 ${admission.latencyMs.p99} ms), durable ${int(durablePerSec)} /s`);

    // backlog: workers and the scheduler's sweeper stopped, tickets wait in JetStream
    await stopWorkers(engine);
    await engine.fx.roles.get('scheduler')?.stop();
    engine.fx.roles.delete('scheduler');
    const backlog = await createSales(engine);
    await load(engine, backlog, 'backlog-', settings.durationSec);
    const units = await admitted(engine, backlog);
    progress(`backlog of ${int(units)} tickets; starting ${workers} worker(s)`);
    const drainSampler = new SoldSampler(engine.fx.db, backlog);
    await startWorkers(engine, workers);
    const readyAt = performance.now();
    drainSampler.start();
    const drained = await drainSampler.waitForDurable(async () => units, timeoutMs).finally(() => drainSampler.stop());
    const drainPerSec = (units - drainSampler.samples[0].sold) / ((drained.atMs - readyAt) / 1_000);
    progress(`drained at ${int(drainPerSec)} /s`);
    return { edges: settings.edges, workers, admission, durablePerSec, drainUnits: units, drainPerSec };
  } finally {
    killTracked();
    await engine.close();
  }
}

function savedScaleRun(header: Omit<SavedRun, 'ceilings' | 'loads'>, connections: number, figures: ScaleFigures[]): SavedRun {
  const setup = (f: ScaleFigures) => `${f.edges} edge(s) + ${f.workers} worker(s)`;
  return {
    ...header,
    ceilings: [],
    loads: figures.map((f) => savedLoad(`admission over ${SALES} sales`, setup(f), connections, f.admission)),
    figures: figures.flatMap((f) => [
      { label: 'durable orders/s (admitted units / time until all are order rows)', target: setup(f), value: f.durablePerSec, unit: '/s' },
      { label: 'JetStream backlog drained by the workers', target: setup(f), value: f.drainPerSec, unit: '/s' },
    ]),
  };
}

function table(figures: ScaleFigures[]): string[] {
  return [
    '| setup | admission req/s | p50 / p99 ms | durable orders/s | backlog drain /s |',
    '|---|---|---|---|---|',
    ...figures.map((f) =>
      `| ${f.edges} edge(s) + ${f.workers} worker(s) | ${int(f.admission.rps)} | ${f.admission.latencyMs.p50} / ${f.admission.latencyMs.p99} | `
      + `${int(f.durablePerSec)} | ${int(f.drainPerSec)} (${int(f.drainUnits)} tickets) |`),
  ];
}

const settings = loadBenchSettings({ BENCH_DURATION: '8', BENCH_WARMUP: '3', BENCH_TOKENS: '2000', BENCH_CONNECTIONS: '200', ...process.env });
const startedAt = new Date();
const [loadAverage] = loadavg();
const header = runHeader('scale', COMMAND, startedAt);
try {
  const figures: ScaleFigures[] = [];
  for (const size of [1, 2]) figures.push(await measureSetup({ ...settings, edges: size }, size));
  const rows = table(figures);
  process.stdout.write(`\n${rows.join('\n')}\n\n`);
  if (settings.reportFile) {
    await appendBenchSection(
      startedAt,
      'scale-out',
      `Command: \`${COMMAND}\` (BENCH_CONNECTIONS=${settings.connections}, BENCH_DURATION=${settings.durationSec} s per load, `
        + `${settings.warmupSec} s warm-up, ${settings.tokenPool} buyer tokens, attempts round-robin over ${SALES} sales so tickets spread over the `
        + 'partitions). Each setup runs on a fresh namespace: N edges share the HTTP port (SO_REUSEPORT), N workers lease the partitions. '
        + '"durable orders/s": admitted units / time from the first request until all are order rows; "backlog drain": workers started on a '
        + `JetStream backlog. All processes and autocannon share the same 2 cores (1-minute load average at the start: ${loadAverage.toFixed(2)}), `
        + 'so a second process per role can only help where one process leaves a core idle.',
      rows,
    );
    progress('appended to docs/benchmarks.md');
  }
  await keepRun(savedScaleRun(header, settings.connections, figures), progress);
  process.exit(0);
} catch (err) {
  process.stderr.write(`[bench] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  killTracked();
  process.exit(1);
}
