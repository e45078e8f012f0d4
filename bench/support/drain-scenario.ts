// The worker's own pace: with worker and scheduler stopped, an admission load leaves its tickets in
// JetStream; then one worker starts and the bench times how fast `sold` catches up. The durable figure of
// the admission scenario cannot exceed the admission rate; this one shows what the worker could take.
import { admittedUnits, attemptUrl, createBenchSale, type EngineUnderTest, type Progress } from './engine-under-test.js';
import { countOf, runLoad } from './load-run.js';
import { SoldSampler } from './sold-sampler.js';

export interface DrainFigures {
  backlogUnits: number;
  /** backlog units / (full durability - worker ready) */
  drainPerSec: number;
  peakDrainPerSec: number;
}

const STOCK = 10_000_000;
const PER_USER_LIMIT = 1_000;

export async function measureDrain(engine: EngineUnderTest, progress: Progress): Promise<DrainFigures> {
  const { fx, settings, tokens } = engine;
  // the scheduler's sweeper would republish the backlog once it is older than SWEEPER_MIN_AGE_MS
  for (const name of ['worker', 'scheduler']) {
    await fx.roles.get(name)?.stop();
    fx.roles.delete(name);
  }
  const saleId = await createBenchSale(engine, STOCK, PER_USER_LIMIT);
  const load = await runLoad({
    url: attemptUrl(engine, saleId),
    connections: settings.connections,
    durationSec: settings.durationSec,
    attempt: { tokens, keyPrefix: 'backlog-' },
  });
  if (countOf(load, 202) === 0) throw new Error('the backlog load got no 202 answers');
  const units = await admittedUnits(engine, saleId, STOCK);
  progress(`backlog of ${units} tickets in JetStream; starting one worker`);

  const sampler = new SoldSampler(fx.db, saleId);
  await engine.startRole('worker', 'worker');
  const readyAt = performance.now();
  sampler.start();
  try {
    const durable = await sampler.waitForDurable(async () => units, settings.durabilityTimeoutSec * 1_000);
    const drained = units - sampler.samples[0].sold;
    const figures = { backlogUnits: units, drainPerSec: drained / ((durable.atMs - readyAt) / 1_000), peakDrainPerSec: sampler.peakRatePerSec() };
    progress(`worker drained the backlog at ${Math.round(figures.drainPerSec)} /s (peak 1-s ${Math.round(figures.peakDrainPerSec)} /s)`);
    return figures;
  } finally {
    sampler.stop();
  }
}
