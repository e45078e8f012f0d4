// The mail outbox's delivery on the scheduler's pg-boss (see platform/jobs/periodic-job.ts), asked
// every MAIL_OUTBOX_INTERVAL_MS; a full batch asks for the next run at once.
import type PgBoss from 'pg-boss';
import type { EngineConfig } from '../platform/config.js';
import { startPeriodicDbJob } from '../platform/jobs/periodic-job.js';
import { log } from '../platform/log.js';
import { deliverPendingMail } from './mail-delivery.js';
import { createMailSender } from './mail-sender.js';

export const mailDeliveryQueue = 'mail-delivery';

export function startMailDeliveryJob(boss: PgBoss, config: EngineConfig): Promise<{ stop(): Promise<void> }> {
  const sender = createMailSender(config.mail, config.production.enabled);
  return startPeriodicDbJob(boss, config, {
    queue: mailDeliveryQueue,
    intervalMs: config.mail.intervalMs,
    pollingIntervalSeconds: 0.5,
    run: async (db) => {
      const sent = await deliverPendingMail(db, sender, config.mail);
      if (sent > 0) log('info', 'mail delivered', { sent });
      if (sent >= config.mail.batch) await boss.send(mailDeliveryQueue, {});
    },
  });
}
