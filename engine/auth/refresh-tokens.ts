// Opaque refresh tokens, stored only as SHA-256. Each login starts a family; each refresh rotates the
// token inside its family. A rotated token that comes back means two parties hold the family (theft):
// the whole family is revoked. Lookups go by hash, so no secret is ever compared byte by byte.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { EngineError } from '../platform/errors.js';
import { log } from '../platform/log.js';

type Queryable = Pick<pg.PoolClient, 'query'>;

export interface IssuedRefreshToken {
  token: string;
  familyId: string;
}

export type RevokeReason = 'logout' | 'reuse' | 'single-session' | 'account-deleted';

function hashOf(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

async function insertToken(db: Queryable, familyId: string, ttlSec: number): Promise<string> {
  const token = `rt_${randomBytes(32).toString('base64url')}`;
  await db.query("INSERT INTO refresh_tokens (token_hash, family_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))", [
    hashOf(token),
    familyId,
    ttlSec,
  ]);
  return token;
}

/** A new family for a fresh login. */
export async function startFamily(db: Queryable, userId: number, ttlSec: number): Promise<IssuedRefreshToken> {
  const familyId = randomUUID();
  await db.query('INSERT INTO refresh_token_families (id, user_id) VALUES ($1, $2)', [familyId, userId]);
  return { token: await insertToken(db, familyId, ttlSec), familyId };
}

/** Revokes every live family of the user; returns their ids. */
export async function revokeUserFamilies(db: Queryable, userId: number, reason: RevokeReason): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    'UPDATE refresh_token_families SET revoked_at = now(), revoke_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL RETURNING id',
    [userId, reason],
  );
  return rows.map((r) => r.id);
}

async function revokeFamily(db: Queryable, familyId: string, reason: RevokeReason): Promise<void> {
  await db.query('UPDATE refresh_token_families SET revoked_at = now(), revoke_reason = $2 WHERE id = $1 AND revoked_at IS NULL', [familyId, reason]);
}

interface TokenRow {
  family_id: string;
  user_id: string;
  status: 'active' | 'rotated';
  expired: boolean;
  revoked: boolean;
}

/** Locks the token's row and its family's for the rest of the transaction. */
async function lockToken(db: Queryable, token: string): Promise<TokenRow | undefined> {
  const { rows } = await db.query<TokenRow>(
    `SELECT t.family_id, f.user_id, t.status, t.expires_at <= now() AS expired, f.revoked_at IS NOT NULL AS revoked
     FROM refresh_tokens t JOIN refresh_token_families f ON f.id = t.family_id
     WHERE t.token_hash = $1 FOR UPDATE`,
    [hashOf(token)],
  );
  return rows[0];
}

export type Rotation =
  | { outcome: 'rotated'; userId: number; token: string; familyId: string }
  | { outcome: 'reused'; familyId: string }
  | { outcome: 'invalid' };

/**
 * Rotates `token` (inside a transaction): the old token dies and a new one of the same family is
 * returned. Reuse of a rotated token revokes the family (the caller must commit that) and is logged as theft.
 */
export async function rotate(db: Queryable, token: string, ttlSec: number): Promise<Rotation> {
  const row = await lockToken(db, token);
  if (!row || row.revoked || row.expired) return { outcome: 'invalid' };
  const userId = Number(row.user_id);
  if (row.status === 'rotated') {
    await revokeFamily(db, row.family_id, 'reuse');
    log('warn', 'refresh token reuse: token family revoked (possible theft)', { userId, familyId: row.family_id });
    return { outcome: 'reused', familyId: row.family_id };
  }
  await db.query("UPDATE refresh_tokens SET status = 'rotated' WHERE token_hash = $1 AND status = 'active'", [hashOf(token)]);
  return { outcome: 'rotated', userId, token: await insertToken(db, row.family_id, ttlSec), familyId: row.family_id };
}

/** Logout: revokes the token's family and returns its id; an unknown token is not an error (the session is gone either way). */
export async function revokeFamilyOf(db: Queryable, token: string): Promise<string | undefined> {
  const row = await lockToken(db, token);
  if (!row || row.revoked) return undefined;
  await revokeFamily(db, row.family_id, 'logout');
  return row.family_id;
}

/** The error a failed rotation answers with. */
export function rotationError(outcome: 'reused' | 'invalid'): EngineError {
  return outcome === 'reused'
    ? new EngineError('REFRESH_TOKEN_REUSED', 'this refresh token was already used; the session is revoked, sign in again')
    : new EngineError('INVALID_REFRESH_TOKEN', 'the refresh token is invalid, expired or revoked');
}
