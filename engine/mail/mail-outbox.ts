// SQL of the `mail_outbox` table (migration 028). A message is enqueued inside the transaction that
// decides it (a reset token and its mail commit together), claimed by one delivery run at a time
// (FOR UPDATE SKIP LOCKED), and marked SENT with its body dropped, or back to PENDING after a failure
// until MAIL_OUTBOX_MAX_ATTEMPTS, then FAILED.
import type pg from 'pg';

type Queryable = Pick<pg.PoolClient, 'query'>;

export type MailKind = 'password-reset';
export type MailStatus = 'PENDING' | 'SENDING' | 'SENT' | 'FAILED';

export interface NewMail {
  kind: MailKind;
  recipient: string;
  subject: string;
  body: string;
}

export interface ClaimedMail extends NewMail {
  id: number;
  attempts: number;
}

/** A row as `npm run mail:outbox` shows it; the body only while the message is not sent. */
export interface OutboxEntry {
  id: number;
  kind: string;
  recipient: string;
  subject: string;
  body: string | null;
  status: MailStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export async function enqueueMail(db: Queryable, mail: NewMail): Promise<number> {
  const { rows } = await db.query<{ id: string }>(
    'INSERT INTO mail_outbox (kind, recipient, subject, body) VALUES ($1, $2, $3, $4) RETURNING id',
    [mail.kind, mail.recipient, mail.subject, mail.body],
  );
  return Number(rows[0].id);
}

/**
 * Claims up to `batch` messages to send: PENDING ones, and SENDING ones claimed longer than
 * `claimTimeoutMs` ago (their run died between sending and marking). Oldest first.
 */
export async function claimMail(db: Queryable, batch: number, claimTimeoutMs: number): Promise<ClaimedMail[]> {
  const { rows } = await db.query<{ id: string; kind: MailKind; recipient: string; subject: string; body: string; attempts: number }>(
    `UPDATE mail_outbox SET status = 'SENDING', claimed_at = now(), attempts = attempts + 1
      WHERE id IN (SELECT id FROM mail_outbox
                    WHERE status = 'PENDING' OR (status = 'SENDING' AND claimed_at < now() - make_interval(secs => $2::double precision / 1000))
                    ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
      RETURNING id, kind, recipient, subject, body, attempts`,
    [batch, claimTimeoutMs],
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) })).sort((a, b) => a.id - b.id);
}

export async function markSent(db: Queryable, id: number): Promise<void> {
  await db.query("UPDATE mail_outbox SET status = 'SENT', sent_at = now(), body = NULL, last_error = NULL WHERE id = $1 AND status = 'SENDING'", [id]);
}

/** After a failed send: PENDING again, or FAILED (body dropped) once it has had `maxAttempts`. */
export async function markFailed(db: Queryable, id: number, error: string, maxAttempts: number): Promise<void> {
  await db.query(
    `UPDATE mail_outbox SET status = CASE WHEN attempts >= $3 THEN 'FAILED' ELSE 'PENDING' END,
            body = CASE WHEN attempts >= $3 THEN NULL ELSE body END, last_error = left($2, 500)
      WHERE id = $1 AND status = 'SENDING'`,
    [id, error, maxAttempts],
  );
}

/** The newest `limit` messages, newest first. */
export async function listOutbox(db: Queryable, limit: number): Promise<OutboxEntry[]> {
  const { rows } = await db.query<{
    id: string; kind: string; recipient: string; subject: string; body: string | null; status: MailStatus; attempts: number;
    last_error: string | null; created_at: Date; sent_at: Date | null;
  }>('SELECT id, kind, recipient, subject, body, status, attempts, last_error, created_at, sent_at FROM mail_outbox ORDER BY id DESC LIMIT $1', [limit]);
  return rows.map((r) => ({
    id: Number(r.id), kind: r.kind, recipient: r.recipient, subject: r.subject, body: r.body, status: r.status, attempts: r.attempts,
    lastError: r.last_error, createdAt: r.created_at.toISOString(), sentAt: r.sent_at?.toISOString() ?? null,
  }));
}
