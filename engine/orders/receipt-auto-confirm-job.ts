// The automatic receipt confirmation on the scheduler's pg-boss (see platform/jobs/periodic-job.ts),
// asked every ORDER_AUTO_CONFIRM_INTERVAL_MS: items delivered ORDER_AUTO_CONFIRM_DAYS ago that their
// buyer has not confirmed are confirmed (receipt-confirmation.ts), and the settlement job settles them.
import type PgBoss from 'pg-boss';
import type { EngineConfig } from '../platform/config.js';
import { log } from '../platform/log.js';
import { startPeriodicDbJob } from '../platform/jobs/periodic-job.js';
import { autoConfirmReceipts } from './receipt-confirmation.js';

export const receiptAutoConfirmQueue = 'receipt-auto-confirm';

export function startReceiptAutoConfirmJob(boss: PgBoss, config: EngineConfig): Promise<{ stop(): Promise<void> }> {
  return startPeriodicDbJob(boss, config, {
    queue: receiptAutoConfirmQueue,
    intervalMs: config.orders.autoConfirmIntervalMs,
    run: async (db) => {
      const confirmed = await autoConfirmReceipts(db, config.orders.autoConfirmDays);
      if (confirmed > 0) log('info', 'receipts confirmed automatically', { confirmed });
    },
  });
}
