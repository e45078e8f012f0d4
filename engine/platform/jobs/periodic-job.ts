// A job the scheduler runs every few seconds through pg-boss: a "stately" queue (at most one job queued
// and one active; created by prepareDatabase, see engine/job-queues.ts), asked by a ticker, so any
// number of schedulers asking at once still run one at a time.
// A cron schedule has minute granularity, too coarse for this. The work must be idempotent.
import type pg from 'pg';
import type PgBoss from 'pg-boss';
import type { EngineConfig } from '../config.js';
import { createPool } from '../db/pool.js';
import { log } from '../log.js';

export interface PeriodicJob {
  queue: string;
  /** how often to ask for a run; 0: only on demand (a `send` to the queue) */
  intervalMs: number;
  /** how often pg-boss polls the queue; its default when omitted */
  pollingIntervalSeconds?: number;
  run(): Promise<void>;
}

/** Starts the worker and the ticker; stop() stops asking and waits for a run in progress. */
export async function startPeriodicJob(boss: PgBoss, job: PeriodicJob): Promise<{ stop(): Promise<void> }> {
  let stopped = false;
  let running: Promise<void> | undefined;
  const options = job.pollingIntervalSeconds === undefined ? {} : { pollingIntervalSeconds: job.pollingIntervalSeconds };
  // pg-boss 10 hands the handler an array of jobs; one run covers them all
  await boss.work(job.queue, options, async () => {
    if (stopped) return;
    running = job.run();
    await running.finally(() => (running = undefined));
  });
  let ticker: NodeJS.Timeout | undefined;
  if (job.intervalMs > 0) {
    const request = () => {
      boss.send(job.queue, {}).catch((err: unknown) => log('warn', 'could not queue a periodic job', { queue: job.queue, err }));
    };
    request();
    ticker = setInterval(request, job.intervalMs);
  }
  return {
    async stop() {
      stopped = true;
      clearInterval(ticker);
      await running?.catch(() => {});
    },
  };
}

/**
 * A periodic job that works on its own one-connection pool (with the background statement timeout):
 * the pool lives as long as the job, and stop() closes it once a run in progress ended.
 */
export async function startPeriodicDbJob(
  boss: PgBoss,
  config: EngineConfig,
  job: Omit<PeriodicJob, 'run'> & { run(db: pg.Pool): Promise<void> },
): Promise<{ stop(): Promise<void> }> {
  const db = createPool(config.databaseUrl, 1, config.postgres, 'jobs');
  try {
    const started = await startPeriodicJob(boss, { ...job, run: () => job.run(db) });
    return {
      /** Stops asking, waits for a run in progress, closes its pool (before pg-boss itself stops). */
      async stop() {
        await started.stop();
        await db.end();
      },
    };
  } catch (err) {
    await db.end().catch(() => {});
    throw err;
  }
}
