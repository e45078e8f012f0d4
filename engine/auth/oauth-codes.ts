// Authorization codes (SQL of oauth_codes): stored as SHA-256, short-lived, single use. A used code
// keeps the refresh-token family its exchange started, so a replay can revoke what the first use issued.
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';

type Queryable = Pick<pg.PoolClient, 'query'>;

const hashOf = (code: string): Buffer => createHash('sha256').update(code).digest();

export interface NewCode {
  clientId: string;
  userId: number;
  redirectUri: string;
  scopes: string[];
  nonce?: string;
  codeChallenge: string;
  authTime: number; // epoch seconds
}

export async function insertCode(db: Queryable, code: NewCode, ttlSec: number): Promise<string> {
  const value = `ac_${randomBytes(32).toString('base64url')}`;
  await db.query(
    `INSERT INTO oauth_codes (code_hash, client_id, user_id, redirect_uri, scopes, nonce, code_challenge, auth_time, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, to_timestamp($8), now() + make_interval(secs => $9))`,
    [hashOf(value), code.clientId, code.userId, code.redirectUri, code.scopes, code.nonce ?? null, code.codeChallenge, code.authTime, ttlSec],
  );
  // used and expired codes stay a day for replay detection, then go a few at a time with each new code
  await db.query("DELETE FROM oauth_codes WHERE code_hash IN (SELECT code_hash FROM oauth_codes WHERE expires_at < now() - interval '1 day' LIMIT 100)");
  return value;
}

export interface CodeRow {
  client_id: string;
  user_id: string;
  redirect_uri: string;
  scopes: string[];
  nonce: string | null;
  code_challenge: string;
  auth_time: number;
  expired: boolean;
  used: boolean;
  family_id: string | null;
}

/** Locks the code's row for the rest of the transaction (two exchanges of one code run one after the other). */
export async function lockCode(db: Queryable, code: string): Promise<CodeRow | undefined> {
  const { rows } = await db.query<CodeRow>(
    `SELECT client_id, user_id, redirect_uri, scopes, nonce, code_challenge, extract(epoch FROM auth_time)::int AS auth_time,
            expires_at <= now() AS expired, used_at IS NOT NULL AS used, family_id
     FROM oauth_codes WHERE code_hash = $1 FOR UPDATE`,
    [hashOf(code)],
  );
  return rows[0];
}

export async function markCodeUsed(db: Queryable, code: string, familyId: string | null): Promise<void> {
  await db.query('UPDATE oauth_codes SET used_at = now(), family_id = $2 WHERE code_hash = $1', [hashOf(code), familyId]);
}
