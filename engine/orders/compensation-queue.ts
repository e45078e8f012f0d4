// Retries of failed compensations (CANCEL_PAYMENT, RELEASE_STOCK) as pg-boss jobs: the retry lives in
// Postgres, so it survives a restart, and pg-boss spaces the attempts with exponential backoff and
// jitter (pg-boss 10, retryBackoff: the k-th retry, k = 1, 2, ..., waits retryDelay * 2^(k-1) * (1 +
// random()) seconds). A job runs the order's saga (idempotent, version-checked steps) and is failed
// while the compensation still fails, so pg-boss tries again; the saga itself counts the failures on
// the order row and PARKS the order after ORDER_COMPENSATION_MAX_ATTEMPTS, which ends the job.
import PgBoss from 'pg-boss';
import type { EngineConfig } from '../platform/config.js';
import { log } from '../platform/log.js';
import type { OrderSaga } from './order-saga.js';

/** Each namespace has its own database, so queue names need no prefix. */
export const compensationQueue = 'order-compensation';

/** How often an idle worker looks for due jobs (pg-boss' default is 2 s). */
const POLLING_INTERVAL_SECONDS = 0.5;
/** Jobs one fetch takes: many orders' compensations can fail at once (a gateway outage). */
const BATCH_SIZE = 50;

interface CompensationJob {
  orderId: string;
}

export interface CompensationQueue {
  /** Queues a retry of the order's failing compensation (at most one waiting per order). */
  retry(orderId: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startCompensationQueue(config: EngineConfig, saga: OrderSaga): Promise<CompensationQueue> {
  const { compensationMaxAttempts, compensationRetryDelaySeconds: retryDelay } = config.orders;
  // two compensation steps, each parked by the saga after N failures: pg-boss must not give up first
  const retryLimit = 2 * compensationMaxAttempts;
  // no cron here (the scheduler's): schedule off, so its timekeeper creates no queue at start
  const boss = new PgBoss({ connectionString: config.databaseUrl, schema: 'pgboss', schedule: false });
  // without a listener an 'error' event (e.g. a lost connection) would crash the process
  boss.on('error', (err) => log('error', 'pg-boss error', { err }));
  try {
    await boss.start();
    // the queue (stately: one job per order waiting and one running) exists: prepareDatabase made it
    await boss.work<CompensationJob>(compensationQueue, { pollingIntervalSeconds: POLLING_INTERVAL_SECONDS, batchSize: BATCH_SIZE }, async (jobs) => {
      // the orders of a batch run side by side; a job whose compensation still fails is failed on its
      // own (pg-boss retries it with backoff), the others complete when this handler returns
      const failed: string[] = [];
      await Promise.all(jobs.map(async (job) => {
        const outcome = await saga.run(job.data.orderId).catch((err: unknown) => {
          log('warn', 'compensation job failed', { orderId: job.data.orderId, err });
          return undefined;
        });
        if (!outcome?.final) failed.push(job.id);
      }));
      if (failed.length > 0) await boss.fail(compensationQueue, failed);
    });
  } catch (err) {
    await boss.stop({ graceful: false }).catch(() => {});
    throw err;
  }
  return {
    async retry(orderId) {
      // pg-boss jitters only the retries: the first run gets the same spread by hand
      const startAfter = new Date(Date.now() + retryDelay * 1000 * (1 + Math.random()) / 2);
      await boss.send(compensationQueue, { orderId } satisfies CompensationJob, { retryLimit, retryDelay, retryBackoff: true, singletonKey: orderId, startAfter });
    },
    async stop() {
      await boss.stop({ graceful: true });
    },
  };
}
