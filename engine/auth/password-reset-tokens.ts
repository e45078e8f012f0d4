// SQL of the `password_reset_tokens` table (migration 028). A token is `prt_` + 256 random bits, kept
// only as its SHA-256 and looked up by it (no secret compared byte by byte). It is spent by one
// UPDATE ... WHERE used_at IS NULL, so of concurrent confirms exactly one gets the row.
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';

type Queryable = Pick<pg.PoolClient, 'query'>;

function hashOf(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** Issues a new token for the user, voiding the user's earlier unused ones (only the newest mail works). */
export async function issueResetToken(db: Queryable, userId: number, ttlSec: number): Promise<string> {
  await voidResetTokens(db, userId);
  const token = `prt_${randomBytes(32).toString('base64url')}`;
  await db.query('INSERT INTO password_reset_tokens (token_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))', [
    hashOf(token),
    userId,
    ttlSec,
  ]);
  return token;
}

export async function voidResetTokens(db: Queryable, userId: number): Promise<void> {
  await db.query('UPDATE password_reset_tokens SET used_at = now() WHERE user_id = $1 AND used_at IS NULL', [userId]);
}

export type ResetTokenState = { state: 'valid'; userId: number } | { state: 'spent' } | { state: 'unknown' };

/** What a token is now, without spending it: valid (unused, unexpired), spent (used or expired), or unknown. */
export async function resetTokenState(db: Queryable, token: string): Promise<ResetTokenState> {
  const { rows } = await db.query<{ user_id: string; live: boolean }>(
    'SELECT user_id, used_at IS NULL AND expires_at > now() AS live FROM password_reset_tokens WHERE token_hash = $1',
    [hashOf(token)],
  );
  if (!rows[0]) return { state: 'unknown' };
  return rows[0].live ? { state: 'valid', userId: Number(rows[0].user_id) } : { state: 'spent' };
}

/** Marks the token used (inside the caller's transaction); its user, or undefined when it was no longer valid. */
export async function spendResetToken(db: Queryable, token: string): Promise<number | undefined> {
  const { rows } = await db.query<{ user_id: string }>(
    'UPDATE password_reset_tokens SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING user_id',
    [hashOf(token)],
  );
  return rows[0] ? Number(rows[0].user_id) : undefined;
}
