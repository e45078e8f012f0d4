// The three HTTP loads: bare uWS hello (the ceiling), admission (stock never runs out) and sold-out
// (every answer from the edge's memory). Each gets the same warm-up, then one measured run.
import { freePort } from '../../test/support/engine-processes.js';
import { bearer } from '../../test/support/http-client.js';
import { edgeCounterSum } from './edge-metrics.js';
import { admittedUnits, attemptUrl, createBenchSale, sleep, startHelloServer, type EngineUnderTest, type Progress } from './engine-under-test.js';
import { countOf, non2xx, runLoad, type LoadSpec, type LoadSummary } from './load-run.js';
import { SoldSampler } from './sold-sampler.js';

export interface AdmissionFigures {
  load: LoadSummary;
  /** units Redis admitted during the measured run (includes answers still in flight when the load stopped) */
  admittedUnits: number;
  /** admitted units / (full durability - load start) */
  durablePerSec: number;
  peakDurablePerSec: number;
  /** from the end of the load until the last admitted unit was in Postgres */
  drainSec: number;
}

export interface SoldOutFigures {
  load: LoadSummary;
  /** rise of gopang_sold_out_fast_path_total over the measured run, summed over edges */
  fastPathDelta: number;
}

const SOLD_OUT_COUNTER = 'gopang_sold_out_fast_path_total';
const ADMISSION_STOCK = 10_000_000;
const ADMISSION_PER_USER_LIMIT = 1_000;

function describe(name: string, s: LoadSummary): string {
  return `${name}: ${Math.round(s.rps).toLocaleString('en-US')} req/s, p50 ${s.latencyMs.p50} ms, p99 ${s.latencyMs.p99} ms, ${s.requests} answers, non-2xx: ${non2xx(s)}`;
}

async function warmUp(engine: EngineUnderTest, progress: Progress, name: string, spec: Omit<LoadSpec, 'durationSec' | 'connections'>) {
  const { warmupSec, connections } = engine.settings;
  const summary = await runLoad({ ...spec, connections, durationSec: warmupSec });
  progress(describe(`${name} warm-up (${warmupSec} s)`, summary));
}

export async function measureBareUws(engine: EngineUnderTest, progress: Progress): Promise<LoadSummary> {
  const port = await freePort();
  const server = await startHelloServer(port);
  try {
    const url = `http://127.0.0.1:${port}/`;
    await warmUp(engine, progress, 'bare uWS', { url });
    const { connections, durationSec } = engine.settings;
    const summary = await runLoad({ url, connections, durationSec });
    progress(describe('bare uWS', summary));
    return summary;
  } finally {
    server.kill('SIGTERM');
  }
}

export async function measureAdmission(engine: EngineUnderTest, progress: Progress): Promise<AdmissionFigures> {
  const { settings, tokens, fx } = engine;
  const timeoutMs = settings.durabilityTimeoutSec * 1_000;

  // warm-up on its own sale (every token verified once, JIT warm), drained before the measured run
  const warmSale = await createBenchSale(engine, ADMISSION_STOCK, ADMISSION_PER_USER_LIMIT);
  await warmUp(engine, progress, 'admission', { url: attemptUrl(engine, warmSale), attempt: { tokens, keyPrefix: 'warm-' } });
  const warmSampler = new SoldSampler(fx.db, warmSale);
  warmSampler.start();
  try {
    await warmSampler.waitForDurable(() => admittedUnits(engine, warmSale, ADMISSION_STOCK), timeoutMs);
  } finally {
    warmSampler.stop();
  }

  const saleId = await createBenchSale(engine, ADMISSION_STOCK, ADMISSION_PER_USER_LIMIT);
  const sampler = new SoldSampler(fx.db, saleId);
  let startedAt = 0;
  const spec: LoadSpec = {
    url: attemptUrl(engine, saleId),
    connections: settings.connections,
    durationSec: settings.durationSec,
    attempt: { tokens, keyPrefix: 'k-' },
  };
  const load = await runLoad(spec, () => {
    startedAt = performance.now();
    sampler.start();
  });
  const endedAt = performance.now();
  progress(describe('admission', load));
  progress('waiting until every admitted unit is an order row');
  try {
    const durable = await sampler.waitForDurable(() => admittedUnits(engine, saleId, ADMISSION_STOCK), timeoutMs);
    const units = durable.units - sampler.samples[0].sold;
    return {
      load,
      admittedUnits: units,
      durablePerSec: units / ((durable.atMs - startedAt) / 1_000),
      peakDurablePerSec: sampler.peakRatePerSec(),
      drainSec: Math.max(0, (durable.atMs - endedAt) / 1_000),
    };
  } finally {
    sampler.stop();
  }
}

export async function measureSoldOut(engine: EngineUnderTest, progress: Progress): Promise<SoldOutFigures> {
  const { fx, tokens, baseUrl, settings } = engine;
  const saleId = await createBenchSale(engine, 1, 1);
  const bought = await fx.attempt(saleId, tokens[0], 'sold-out-buy');
  if (bought.status !== 202) throw new Error(`buying the only unit: ${bought.status} ${bought.text}`);

  // the edge that sold the last unit tells the others over NATS; wait until the memory answers
  const before = await edgeCounterSum(baseUrl, SOLD_OUT_COUNTER, settings.edges);
  for (let probe = 0; ; probe++) {
    const answer = await fx.http.send('POST', `/api/v1/sales/${saleId}/attempts`, {
      headers: { ...bearer(tokens[1]), 'idempotency-key': `sold-out-probe-${probe}`, 'content-type': 'application/json' },
      body: '{"quantity":1}',
    });
    if (answer.status !== 409 || answer.json().error.code !== 'SOLD_OUT') throw new Error(`sold-out probe: ${answer.status} ${answer.text}`);
    if ((await edgeCounterSum(baseUrl, SOLD_OUT_COUNTER, settings.edges)) > before) break;
    if (probe >= 50) throw new Error('the edge never answered the sold-out sale from memory');
    await sleep(100);
  }
  await sleep(500);

  const url = attemptUrl(engine, saleId);
  await warmUp(engine, progress, 'sold-out', { url, attempt: { tokens, keyPrefix: 'so-warm-' } });
  const counterBefore = await edgeCounterSum(baseUrl, SOLD_OUT_COUNTER, settings.edges);
  const load = await runLoad({ url, connections: settings.connections, durationSec: settings.durationSec, attempt: { tokens, keyPrefix: 'so-' } });
  const fastPathDelta = (await edgeCounterSum(baseUrl, SOLD_OUT_COUNTER, settings.edges)) - counterBefore;
  progress(`${describe('sold-out', load)}; fast path +${fastPathDelta}`);
  if (countOf(load, 409) !== load.requests) progress(`WARNING: not every sold-out answer was 409 (${non2xx(load)})`);
  return { load, fastPathDelta };
}
