// The mail outbox's delivery against a real Postgres with a scripted sender: each message is sent once
// by runs that finish (also by two runs at once), a failed send is retried by a later run until
// MAIL_OUTBOX_MAX_ATTEMPTS, a claim left by a crashed run is sent again after the claim timeout, and a
// sent or failed message keeps no body.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type pg from 'pg';
import { createPool } from '../../engine/platform/db/pool.js';
import type { MailConfig } from '../../engine/mail/mail-config.js';
import { deliverPendingMail } from '../../engine/mail/mail-delivery.js';
import { claimMail, enqueueMail } from '../../engine/mail/mail-outbox.js';
import type { MailSender, OutgoingMail } from '../../engine/mail/mail-sender.js';
import { createTestNamespace, type TestNamespace } from '../support/test-namespace.js';

class ScriptedSender implements MailSender {
  readonly sent: OutgoingMail[] = [];
  failures = 0;
  async send(mail: OutgoingMail): Promise<void> {
    await new Promise((r) => setTimeout(r, 5));
    if (this.failures > 0) {
      this.failures--;
      throw new Error('the mail server said no');
    }
    this.sent.push(mail);
  }
}

const config: MailConfig = { sender: 'log', from: 'Gopang <no-reply@test>', intervalMs: 0, batch: 10, maxAttempts: 3, claimTimeoutMs: 60_000 };

describe('mail outbox (integration)', () => {
  let ns: TestNamespace;
  let db: pg.Pool;
  const mail = (n: number) => ({ kind: 'password-reset' as const, recipient: `user${n}@example.com`, subject: `hello ${n}`, body: `token ${n}` });
  const rows = async () =>
    (await db.query<{ id: string; status: string; body: string | null; attempts: number }>('SELECT id, status, body, attempts FROM mail_outbox ORDER BY id')).rows;

  before(async () => {
    ns = await createTestNamespace();
    db = createPool(ns.config.databaseUrl, 4, ns.config.postgres, 'jobs');
  });
  beforeEach(async () => {
    await db.query('TRUNCATE mail_outbox');
  });
  after(async () => {
    await db?.end();
    await ns?.cleanup();
  });

  it('mail - two runs at once send every message exactly once, oldest first, and drop the bodies', async () => {
    for (let n = 0; n < 15; n++) await enqueueMail(db, mail(n));
    const sender = new ScriptedSender();
    const counts = await Promise.all([deliverPendingMail(db, sender, config), deliverPendingMail(db, sender, config)]);
    const third = await deliverPendingMail(db, sender, config);
    assert.equal(counts[0] + counts[1] + third, 15);
    assert.deepEqual(sender.sent.map((m) => m.to).sort(), Array.from({ length: 15 }, (_, n) => `user${n}@example.com`).sort());
    assert.equal(new Set(sender.sent.map((m) => m.messageId)).size, 15);
    assert.equal(sender.sent[0]!.from, config.from);
    assert.ok((await rows()).every((r) => r.status === 'SENT' && r.body === null));
    assert.equal(await deliverPendingMail(db, sender, config), 0, 'nothing left');
  });

  it('mail - a failed send is retried by the next run; past MAIL_OUTBOX_MAX_ATTEMPTS it is FAILED without its body', async () => {
    await enqueueMail(db, mail(1));
    const sender = new ScriptedSender();
    sender.failures = 1;
    assert.equal(await deliverPendingMail(db, sender, config), 0);
    assert.deepEqual((await rows()).map((r) => [r.status, r.attempts]), [['PENDING', 1]]);
    assert.equal(await deliverPendingMail(db, sender, config), 1);
    assert.deepEqual(sender.sent.map((m) => m.text), ['token 1']);

    await enqueueMail(db, mail(2));
    sender.failures = 10;
    for (let run = 0; run < 5; run++) await deliverPendingMail(db, sender, config);
    const failed = (await rows())[1]!;
    assert.deepEqual([failed.status, failed.attempts, failed.body], ['FAILED', 3, null]);
    assert.equal(sender.sent.length, 1);
  });

  it('mail - a message claimed by a run that died is sent again after the claim timeout, not before', async () => {
    await enqueueMail(db, mail(3));
    assert.equal((await claimMail(db, 10, config.claimTimeoutMs)).length, 1); // a run that claimed it and died
    const sender = new ScriptedSender();
    assert.equal(await deliverPendingMail(db, sender, config), 0, 'still claimed');
    await db.query("UPDATE mail_outbox SET claimed_at = now() - interval '2 minutes'");
    assert.equal(await deliverPendingMail(db, sender, config), 1);
    assert.deepEqual((await rows()).map((r) => [r.status, r.attempts]), [['SENT', 2]]);
  });
});
