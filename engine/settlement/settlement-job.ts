// The settlement job on the scheduler's pg-boss (see scheduler/periodic-job.ts), asked every
// SETTLEMENT_INTERVAL_MS. Each run makes the missing lines only (one per order item), so any number of
// runs and schedulers settle every item once.
import type PgBoss from 'pg-boss';
import type { EngineConfig } from '../platform/config.js';
import { createPool } from '../platform/db/pool.js';
import { log } from '../platform/log.js';
import { startPeriodicJob } from '../platform/jobs/periodic-job.js';
import { createSettlementLines } from './settlement-lines.js';

export const settlementQueue = 'settlement';

export async function startSettlementJob(boss: PgBoss, config: EngineConfig): Promise<{ stop(): Promise<void> }> {
  const db = createPool(config.databaseUrl, 1, config.postgres, 'jobs');
  try {
    const job = await startPeriodicJob(boss, {
      queue: settlementQueue,
      intervalMs: config.afterSale.settlementIntervalMs,
      run: async () => {
        const created = await createSettlementLines(db);
        if (created > 0) log('info', 'settlement lines created', { created });
      },
    });
    return {
      /** Stops asking, waits for a run in progress, closes its pool (before pg-boss itself stops). */
      async stop() {
        await job.stop();
        await db.end();
      },
    };
  } catch (err) {
    await db.end().catch(() => {});
    throw err;
  }
}
