// The HTTP loads: bare uWS hello (the ceiling), admission (stock never runs out) and sold-out (every
// answer from the edge's memory). Each gets the same warm-up, then one measured run with CPU accounting.
import type { ChildProcess } from 'node:child_process';
import { freePort } from '../../test/support/engine-processes.js';
import { bearer } from '../../test/support/http-client.js';
import { coresBusy, cpuSnapshot, describeCores, postgresBackends, untilQuiet, type CoresBusy, type CpuGroups, type CpuSnapshot } from './cpu-meter.js';
import { edgeCounterSum } from './edge-metrics.js';
import {
  admittedUnits, attemptUrl, createBenchSale, engineCpuGroups, setEdgeProfiling, sleep, startHelloServer, type EngineUnderTest,
  type Progress,
} from './engine-under-test.js';
import { countOf, non2xx, runLoad, type LoadSpec, type LoadSummary } from './load-run.js';
import { SoldSampler } from './sold-sampler.js';

export interface Measured {
  load: LoadSummary;
  /** cores busy per process group during the measured run */
  cores: CoresBusy;
}

export interface BareUwsFigures {
  hello: Measured;
  /** the sold-out scenario's exact request stream (POST, JWT, unique keys) against the same server */
  attemptShaped: Measured;
}

export interface AdmissionFigures extends Measured {
  /** units Redis admitted during the measured run (includes answers still in flight when the load stopped) */
  admittedUnits: number;
  /** admitted units / (full durability - load start) */
  durablePerSec: number;
  peakDurablePerSec: number;
  /** from the end of the load until the last admitted unit was in Postgres */
  drainSec: number;
}

/** Admission at a constant offered rate (open loop): latency that is not connections ÷ throughput. */
export interface OpenLoopFigures {
  /** the share of the closed-loop admission rate offered */
  share: number;
  /** attempts per second offered */
  offeredRate: number;
  load: LoadSummary;
  cores: CoresBusy;
  /** from the end of the load until the last admitted unit was in Postgres */
  drainSec: number;
}

export interface SoldOutFigures extends Measured {
  /** rise of gopang_sold_out_fast_path_total over the measured run, summed over edges */
  fastPathDelta: number;
}

const SOLD_OUT_COUNTER = 'gopang_sold_out_fast_path_total';
const ADMISSION_STOCK = 10_000_000;
const ADMISSION_PER_USER_LIMIT = 1_000;
/** the open-loop run of issue #17 offers this share of the measured closed-loop admission rate */
export const OPEN_LOOP_SHARE = 0.5;
/** a second, light open-loop run: the latency when the cores are not nearly full */
export const LIGHT_OPEN_LOOP_SHARE = 0.1;

export type LoadShape = Omit<LoadSpec, 'durationSec' | 'connections'>;

export function describe(name: string, s: LoadSummary): string {
  const rps = Math.round(s.rps).toLocaleString('en-US');
  return `${name}: ${rps} req/s, p50 ${s.latencyMs.p50} ms, p99 ${s.latencyMs.p99} ms, ${s.requests} answers, non-2xx: ${non2xx(s)}`;
}

/**
 * The same warm-up for every target; attempt loads go on until each token has had a fair chance to be
 * verified by every edge (ES256 verification is paid once per token per edge, then cached).
 */
export async function warmUp(engine: EngineUnderTest, progress: Progress, name: string, shape: LoadShape): Promise<void> {
  const { warmupSec, connections, edges } = engine.settings;
  const first = await runLoad({ ...shape, connections, durationSec: warmupSec });
  progress(describe(`${name} warm-up (${warmupSec} s)`, first));
  if (!shape.attempt) return;
  const missing = shape.attempt.tokens.length * (edges === 1 ? 1 : 2 * edges) - first.requests;
  if (missing <= 0) return;
  const attempt = { ...shape.attempt, keyPrefix: `${shape.attempt.keyPrefix}more-` };
  const more = await runLoad({ ...shape, attempt, connections, durationSec: warmupSec, amount: Math.max(missing, connections) });
  progress(describe(`${name} warm-up, until every token was seen`, more));
}

/** One measured run; `onStarted` fires as the first request goes out. */
export async function measure(engine: EngineUnderTest, progress: Progress, name: string, groups: CpuGroups, shape: LoadShape, onStarted?: () => void): Promise<Measured> {
  const { connections, durationSec } = engine.settings;
  await untilQuiet(progress);
  let first: Promise<CpuSnapshot> | undefined;
  const load = await runLoad({ ...shape, connections, durationSec }, () => {
    first = cpuSnapshot(groups, engine.redis);
    onStarted?.();
  });
  const cores = coresBusy(await first!, await cpuSnapshot(groups, engine.redis), load.cpuSec);
  progress(describe(name, load));
  progress(`${name} cores busy: ${describeCores(cores)}`);
  return { load, cores };
}

/** The bare uWS hello world: the HTTP ceiling of one process on this machine. */
export function measureBareUwsHello(engine: EngineUnderTest, progress: Progress): Promise<Measured> {
  return withHelloServer((url, groups) => helloLoad(engine, progress, url, groups));
}

export function measureBareUws(engine: EngineUnderTest, progress: Progress): Promise<BareUwsFigures> {
  return withHelloServer(async (url, groups) => {
    const hello = await helloLoad(engine, progress, url, groups);
    const attempts: LoadShape = { url: `${url}api/v1/sales/1/attempts`, attempt: { tokens: engine.tokens, keyPrefix: 'hello-' } };
    const attemptShaped = await measure(engine, progress, 'bare uWS, attempt-shaped POSTs', groups, attempts);
    return { hello, attemptShaped };
  });
}

async function helloLoad(engine: EngineUnderTest, progress: Progress, url: string, groups: CpuGroups): Promise<Measured> {
  await warmUp(engine, progress, 'bare uWS', { url });
  return measure(engine, progress, 'bare uWS', groups, { url });
}

async function withHelloServer<T>(load: (url: string, groups: CpuGroups) => Promise<T>): Promise<T> {
  const port = await freePort();
  const server: ChildProcess = await startHelloServer(port);
  try {
    return await load(`http://127.0.0.1:${port}/`, { 'uWS hello': [server.pid] });
  } finally {
    server.kill('SIGTERM');
  }
}

/** Waits until every unit Redis admitted on an admission sale (stock ADMISSION_STOCK) is an order row. */
function untilDurable(engine: EngineUnderTest, sampler: SoldSampler, saleId: number): Promise<{ atMs: number; units: number }> {
  return sampler.waitForDurable(() => admittedUnits(engine, saleId, ADMISSION_STOCK), engine.settings.durabilityTimeoutSec * 1_000);
}

export async function measureAdmission(engine: EngineUnderTest, progress: Progress): Promise<AdmissionFigures> {
  const { tokens, fx } = engine;

  // warm-up on its own sale (every token verified once, JIT warm), drained before the measured run
  const warmSale = await createBenchSale(engine, ADMISSION_STOCK, ADMISSION_PER_USER_LIMIT);
  await warmUp(engine, progress, 'admission', { url: attemptUrl(engine, warmSale), attempt: { tokens, keyPrefix: 'warm-' } });
  const warmSampler = new SoldSampler(fx.db, warmSale);
  warmSampler.start();
  try {
    await untilDurable(engine, warmSampler, warmSale);
  } finally {
    warmSampler.stop();
  }

  const saleId = await createBenchSale(engine, ADMISSION_STOCK, ADMISSION_PER_USER_LIMIT);
  const sampler = new SoldSampler(fx.db, saleId);
  let startedAt = 0;
  const shape: LoadShape = { url: attemptUrl(engine, saleId), attempt: { tokens, keyPrefix: 'k-' } };
  await setEdgeProfiling(engine, true);
  const { load, cores } = await measure(engine, progress, 'admission', engineCpuGroups(engine), shape, () => {
    startedAt = performance.now();
    sampler.start();
  });
  const endedAt = performance.now();
  await setEdgeProfiling(engine, false);
  if (countOf(load, 202) === 0) throw new Error(`the admission run got no 202 answers (${non2xx(load)})`);
  progress('waiting until every admitted unit is an order row');
  try {
    const durable = await untilDurable(engine, sampler, saleId);
    const units = durable.units - sampler.samples[0].sold;
    const figures = {
      load,
      cores,
      admittedUnits: units,
      durablePerSec: units / ((durable.atMs - startedAt) / 1_000),
      peakDurablePerSec: sampler.peakRatePerSec(),
      drainSec: Math.max(0, (durable.atMs - endedAt) / 1_000),
    };
    progress(`durable: ${units} units, ${Math.round(figures.durablePerSec)} /s overall, peak ${Math.round(figures.peakDurablePerSec)} /s`);
    return figures;
  } finally {
    sampler.stop();
  }
}

/**
 * Admission offered at `share` of `closedLoopRps` (wrk: Poisson arrivals over the connections;
 * autocannon's overallRate releases each second's quota at once, so its latency is mostly that burst
 * queueing), on a sale of its own; then how long the worker took to make the last admitted unit durable.
 */
export async function measureOpenLoopAdmission(engine: EngineUnderTest, progress: Progress, closedLoopRps: number, share: number): Promise<OpenLoopFigures> {
  const { tokens, fx } = engine;
  const saleId = await createBenchSale(engine, ADMISSION_STOCK, ADMISSION_PER_USER_LIMIT);
  const offeredRate = Math.max(1, Math.round(closedLoopRps * share));
  const sampler = new SoldSampler(fx.db, saleId);
  sampler.start();
  try {
    const shape: LoadShape = { url: attemptUrl(engine, saleId), attempt: { tokens, keyPrefix: 'open-' }, overallRate: offeredRate };
    // Postgres is its own group here: at this rate the durable writes, not the edge, fill the cores
    const groups: CpuGroups = { ...engineCpuGroups(engine), postgres: await postgresBackends(fx.db) };
    const { load, cores } = await measure(engine, progress, `admission offered ${offeredRate} /s (open loop)`, groups, shape);
    const endedAt = performance.now();
    const durable = await untilDurable(engine, sampler, saleId);
    const drainSec = Math.max(0, (durable.atMs - endedAt) / 1_000);
    progress(`open loop: last admitted unit durable ${drainSec.toFixed(2)} s after the load`);
    return { share, offeredRate, load, cores, drainSec };
  } finally {
    sampler.stop();
  }
}

export async function measureSoldOut(engine: EngineUnderTest, progress: Progress): Promise<SoldOutFigures> {
  const { fx, tokens, edgeMetricsUrls } = engine;
  const saleId = await createBenchSale(engine, 1, 1);
  const bought = await fx.attempt(saleId, tokens[0], 'sold-out-buy');
  if (bought.status !== 202) throw new Error(`buying the only unit: ${bought.status} ${bought.text}`);

  // the edge that sold the last unit tells the others over NATS; wait until memory answers
  const before = await edgeCounterSum(edgeMetricsUrls, SOLD_OUT_COUNTER);
  for (let probe = 0; ; probe++) {
    const answer = await fx.http.send('POST', `/api/v1/sales/${saleId}/attempts`, {
      headers: { ...bearer(tokens[1 % tokens.length]), 'idempotency-key': `sold-out-probe-${probe}`, 'content-type': 'application/json' },
      body: '{"quantity":1}',
    });
    if (answer.status !== 409 || answer.json().error.code !== 'SOLD_OUT') throw new Error(`sold-out probe: ${answer.status} ${answer.text}`);
    if ((await edgeCounterSum(edgeMetricsUrls, SOLD_OUT_COUNTER)) > before) break;
    if (probe >= 50) throw new Error('the edge never answered the sold-out sale from memory');
    await sleep(100);
  }
  await sleep(500);

  const url = attemptUrl(engine, saleId);
  await warmUp(engine, progress, 'sold-out', { url, attempt: { tokens, keyPrefix: 'so-warm-' } });
  const counterBefore = await edgeCounterSum(edgeMetricsUrls, SOLD_OUT_COUNTER);
  await setEdgeProfiling(engine, true);
  const measured = await measure(engine, progress, 'sold-out', engineCpuGroups(engine), { url, attempt: { tokens, keyPrefix: 'so-' } });
  await setEdgeProfiling(engine, false);
  const fastPathDelta = (await edgeCounterSum(edgeMetricsUrls, SOLD_OUT_COUNTER)) - counterBefore;
  progress(`sold-out fast path +${fastPathDelta} for ${measured.load.requests} answers`);
  if (countOf(measured.load, 409) !== measured.load.requests) progress(`WARNING: not every sold-out answer was 409 (${non2xx(measured.load)})`);
  return { ...measured, fastPathDelta };
}
