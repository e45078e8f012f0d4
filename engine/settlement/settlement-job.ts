// The settlement job on the scheduler's pg-boss (see platform/jobs/periodic-job.ts), asked every
// SETTLEMENT_INTERVAL_MS. Each run makes the missing lines only (one per order item), so any number of
// runs and schedulers settle every item once.
import type PgBoss from 'pg-boss';
import type { EngineConfig } from '../platform/config.js';
import { log } from '../platform/log.js';
import { startPeriodicDbJob } from '../platform/jobs/periodic-job.js';
import { createSettlementLines } from './settlement-lines.js';

export const settlementQueue = 'settlement';

export function startSettlementJob(boss: PgBoss, config: EngineConfig): Promise<{ stop(): Promise<void> }> {
  return startPeriodicDbJob(boss, config, {
    queue: settlementQueue,
    intervalMs: config.afterSale.settlementIntervalMs,
    run: async (db) => {
      const created = await createSettlementLines(db);
      if (created > 0) log('info', 'settlement lines created', { created });
    },
  });
}
