// One delivery run of the mail outbox: claim pending messages, hand each to the sender, mark it sent
// (or failed, to be retried by a later run). Runs on the scheduler as a stately pg-boss job, so one run
// at a time; a run that dies after sending leaves its claims to expire (MAIL_OUTBOX_CLAIM_TIMEOUT_MS)
// and those messages are sent again: delivery is at least once, and once in every run that finishes.
import type pg from 'pg';
import { log } from '../platform/log.js';
import type { MailConfig } from './mail-config.js';
import { claimMail, markFailed, markSent } from './mail-outbox.js';
import type { MailSender } from './mail-sender.js';

/** Sends what is pending, one batch; answers how many were sent. */
export async function deliverPendingMail(db: pg.Pool, sender: MailSender, config: MailConfig): Promise<number> {
  const claimed = await claimMail(db, config.batch, config.claimTimeoutMs);
  let sent = 0;
  for (const mail of claimed) {
    try {
      await sender.send({ messageId: `${mail.id}@gopang`, from: config.from, to: mail.recipient, subject: mail.subject, text: mail.body });
    } catch (err) {
      log('warn', 'a mail could not be sent', { mailId: mail.id, attempts: mail.attempts, err });
      await markFailed(db, mail.id, err instanceof Error ? err.message : String(err), config.maxAttempts);
      continue;
    }
    await markSent(db, mail.id);
    sent++;
  }
  return sent;
}
