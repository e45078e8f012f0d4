// Periodic database chores on pg-boss: its cron schedule lives in Postgres, so restarts and several
// scheduler processes never double-fire or miss a slot.
import PgBoss from 'pg-boss';
import type { EngineConfig } from '../config.js';
import { runPartitionMaintenance } from '../db/partition-maintenance.js';
import { log } from '../log.js';
import { startReservationExpiry } from '../../reservation/reservation-expiry-service.js';
import { startSettlementJob } from '../../settlement/settlement-job.js';
import { startReceiptAutoConfirmJob } from '../../orders/receipt-auto-confirm-job.js';
import { startMailDeliveryJob } from '../../mail/mail-delivery-job.js';
import { createPool } from '../db/pool.js';

/** Each namespace has its own database, so queue names need no prefix. */
export const partitionMaintenanceQueue = 'partition-maintenance';

export interface Scheduler {
  stop(): Promise<void>;
}

export async function startScheduler(config: EngineConfig): Promise<Scheduler> {
  const boss = new PgBoss({ connectionString: config.databaseUrl, schema: 'pgboss' });
  // without a listener an 'error' event (e.g. a lost connection) would crash the process
  boss.on('error', (err) => log('error', 'pg-boss error', { err }));
  const pool = createPool(config.databaseUrl, 1, config.postgres, 'jobs');
  let reservationExpiry: { stop(): Promise<void> } | undefined;
  let settlementJob: { stop(): Promise<void> } | undefined;
  let receiptAutoConfirm: { stop(): Promise<void> } | undefined;
  let mailDelivery: { stop(): Promise<void> } | undefined;
  const stop = async (): Promise<void> => {
    try {
      await mailDelivery?.stop();
      await receiptAutoConfirm?.stop();
      await settlementJob?.stop();
      await reservationExpiry?.stop();
      await boss.stop({ graceful: true });
    } finally {
      await pool.end();
    }
  };

  try {
    await boss.start();
    await boss.schedule(partitionMaintenanceQueue, config.partitionMaintenance.cron, {}, { tz: 'UTC' });
    await boss.work(partitionMaintenanceQueue, async () => {
      await runPartitionMaintenance(pool, config);
    });
    reservationExpiry = await startReservationExpiry(boss, config);
    settlementJob = await startSettlementJob(boss, config);
    receiptAutoConfirm = await startReceiptAutoConfirmJob(boss, config);
    mailDelivery = await startMailDeliveryJob(boss, config);
    // at start too: a scheduler that was down past a month boundary must not wait for the next cron slot
    await runPartitionMaintenance(pool, config);
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
  return { stop };
}
