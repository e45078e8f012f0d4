// Opaque refresh tokens, stored only as SHA-256. Each login starts a family; each refresh rotates the
// token inside its family. A rotated token that comes back means two parties hold the family (theft):
// the whole family is revoked, unless it comes back within the reuse grace window while its child is
// still the family's live token (two tabs refreshing at once, a retry): then it gets that same child.
// Lookups go by hash, so no secret is ever compared byte by byte.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { EngineError } from '../platform/errors.js';
import { log } from '../platform/log.js';
import type { AuthConfig } from './auth-config.js';
import { sealSuccessor, unsealSuccessor } from './refresh-successor.js';

type Queryable = Pick<pg.PoolClient, 'query'>;

export interface IssuedRefreshToken {
  token: string;
  familyId: string;
}

export type RevokeReason =
  | 'logout' | 'reuse' | 'single-session' | 'account-deleted' | 'code-replay' | 'client-revoked' | 'client-deleted' | 'password-changed' | 'password-reset';

/** The OAuth client a family was granted to, with its scopes; absent for login-API families. */
export interface FamilyClient {
  clientId: string;
  scopes: string[];
}

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

/** A new family for a fresh login (of the login API, or an OAuth client's code exchange). */
export async function startFamily(db: Queryable, userId: number, ttlSec: number, client?: FamilyClient): Promise<IssuedRefreshToken> {
  const familyId = randomUUID();
  await db.query('INSERT INTO refresh_token_families (id, user_id, client_id, scopes) VALUES ($1, $2, $3, $4)', [
    familyId,
    userId,
    client?.clientId ?? null,
    client?.scopes ?? null,
  ]);
  return { token: await insertToken(db, familyId, ttlSec), familyId };
}

/** Revokes every live family of the user, but `keep` (the caller's own session) when given; returns their ids. */
export async function revokeUserFamilies(db: Queryable, userId: number, reason: RevokeReason, keep?: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `UPDATE refresh_token_families SET revoked_at = now(), revoke_reason = $2
      WHERE user_id = $1 AND revoked_at IS NULL AND ($3::uuid IS NULL OR id <> $3::uuid) RETURNING id`,
    [userId, reason, keep ?? null],
  );
  return rows.map((r) => r.id);
}

/** Revokes every live family of an OAuth client (the client is being deleted); returns their ids. */
export async function revokeClientFamilies(db: Queryable, clientId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    "UPDATE refresh_token_families SET revoked_at = now(), revoke_reason = 'client-deleted' WHERE client_id = $1 AND revoked_at IS NULL RETURNING id",
    [clientId],
  );
  return rows.map((r) => r.id);
}

export async function revokeFamily(db: Queryable, familyId: string, reason: RevokeReason): Promise<void> {
  await db.query('UPDATE refresh_token_families SET revoked_at = now(), revoke_reason = $2 WHERE id = $1 AND revoked_at IS NULL', [familyId, reason]);
}

/** Whether the family was revoked (an access token of it must not introspect as active). */
export async function isFamilyRevoked(db: Queryable, familyId: string): Promise<boolean> {
  const { rows } = await db.query<{ revoked: boolean }>('SELECT revoked_at IS NOT NULL AS revoked FROM refresh_token_families WHERE id = $1', [familyId]);
  return rows[0]?.revoked ?? true;
}

export interface TokenRow {
  family_id: string;
  user_id: string;
  client_id: string | null;
  scopes: string[] | null;
  status: 'active' | 'rotated';
  expires_at: Date;
  expired: boolean;
  revoked: boolean;
}

const TOKEN_ROW = `SELECT t.family_id, f.user_id, f.client_id, f.scopes, t.status, t.expires_at, t.expires_at <= now() AS expired,
       f.revoked_at IS NOT NULL AS revoked
  FROM refresh_tokens t JOIN refresh_token_families f ON f.id = t.family_id
  WHERE t.token_hash = $1`;

/** Locks the token's row and its family's for the rest of the transaction. */
async function lockToken(db: Queryable, token: string): Promise<TokenRow | undefined> {
  const { rows } = await db.query<TokenRow>(`${TOKEN_ROW} FOR UPDATE`, [hashOf(token)]);
  return rows[0];
}

/** The token and its family as they are now (introspection, revocation). */
export async function findToken(db: Queryable, token: string): Promise<TokenRow | undefined> {
  const { rows } = await db.query<TokenRow>(TOKEN_ROW, [hashOf(token)]);
  return rows[0];
}

export type Rotation =
  | { outcome: 'rotated'; userId: number; token: string; familyId: string; scopes: string[] | null }
  | { outcome: 'reused'; familyId: string }
  | { outcome: 'invalid' };

/** The lifetimes a rotation needs. */
export type RotationSettings = Pick<AuthConfig, 'refreshTokenTtlSec' | 'refreshReuseGraceSec'>;

/**
 * The child of a token rotated less than `graceSec` ago, while that child is still live (not rotated
 * on, unexpired). Called with the family locked, so no rotation of it runs meanwhile; a fresh snapshot
 * sees a concurrent rotation that committed while this one waited for the lock.
 */
async function childWithinGrace(db: Queryable, token: string, graceSec: number): Promise<string | undefined> {
  if (graceSec <= 0) return undefined;
  const { rows } = await db.query<{ successor_sealed: Buffer }>(
    `SELECT t.successor_sealed FROM refresh_tokens t JOIN refresh_tokens child ON child.token_hash = t.successor_hash
      WHERE t.token_hash = $1 AND t.rotated_at > now() - make_interval(secs => $2)
        AND child.status = 'active' AND child.expires_at > now()`,
    [hashOf(token), graceSec],
  );
  return rows[0] === undefined ? undefined : unsealSuccessor(rows[0].successor_sealed, token);
}

/**
 * Rotates `token` (inside a transaction): the old token dies and a new one of the same family is
 * returned. Within the reuse grace window the rotated token gets its live child again (still one
 * live token in the family); any other reuse of a rotated token revokes the family (the caller must
 * commit that) and is logged as theft.
 * `clientId` is the OAuth client presenting it (null: the login API); a token of another client is
 * invalid for it and stays untouched (RFC 6749 §6 binds a refresh token to its client).
 */
export async function rotate(db: Queryable, token: string, settings: RotationSettings, clientId: string | null): Promise<Rotation> {
  const row = await lockToken(db, token);
  if (!row || row.revoked || row.expired || row.client_id !== clientId) return { outcome: 'invalid' };
  const userId = Number(row.user_id);
  const rotated = (child: string): Rotation => ({ outcome: 'rotated', userId, token: child, familyId: row.family_id, scopes: row.scopes });
  if (row.status === 'rotated') {
    const child = await childWithinGrace(db, token, settings.refreshReuseGraceSec);
    if (child !== undefined) return rotated(child);
    await revokeFamily(db, row.family_id, 'reuse');
    log('warn', 'refresh token reuse: token family revoked (possible theft)', { userId, familyId: row.family_id });
    return { outcome: 'reused', familyId: row.family_id };
  }
  const child = await insertToken(db, row.family_id, settings.refreshTokenTtlSec);
  await db.query(
    "UPDATE refresh_tokens SET status = 'rotated', rotated_at = now(), successor_hash = $2, successor_sealed = $3 WHERE token_hash = $1 AND status = 'active'",
    [hashOf(token), hashOf(child), sealSuccessor(child, token)],
  );
  return rotated(child);
}

/**
 * Logout (clientId null) or an OAuth client's revocation: revokes the token's family and returns its id.
 * An unknown token, or one of another client, is not an error (RFC 7009: nothing to revoke).
 */
export async function revokeFamilyOf(db: Queryable, token: string, clientId: string | null): Promise<string | undefined> {
  const row = await lockToken(db, token);
  if (!row || row.revoked || row.client_id !== clientId) return undefined;
  await revokeFamily(db, row.family_id, clientId === null ? 'logout' : 'client-revoked');
  return row.family_id;
}

/** The error a failed rotation answers with. */
export function rotationError(outcome: 'reused' | 'invalid'): EngineError {
  return outcome === 'reused'
    ? new EngineError('REFRESH_TOKEN_REUSED', 'this refresh token was already used; the session is revoked, sign in again')
    : new EngineError('INVALID_REFRESH_TOKEN', 'the refresh token is invalid, expired or revoked');
}
