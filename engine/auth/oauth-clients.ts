// OAuth 2.1 / OpenID Connect clients, registered by admins: public clients (SPAs, mobile apps: PKCE
// only) and confidential ones (backends: PKCE plus a secret). Redirect URIs are matched exactly.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { EngineError } from '../platform/errors.js';
import { log } from '../platform/log.js';
import type { AuthReplies, ClientAuthentication, NewOAuthClient, OAuthClient, OAuthClientType, OidcScope } from './auth-wire.js';
import { newClientSecret, secretMatches } from './client-secrets.js';
import { revokeClientFamilies } from './refresh-tokens.js';
import { inTransaction } from '../platform/db/transaction.js';
import { decodeCursor, keysetPage, PAGE_DEFAULT, PAGE_MAX, type Page } from '../platform/db/keyset-page.js';

type Queryable = Pick<pg.PoolClient, 'query'>;

interface ClientRow {
  client_id: string;
  name: string;
  type: OAuthClientType;
  secret_hash: string | null;
  redirect_uris: string[];
  scopes: OidcScope[];
  created_at: Date;
}

const COLUMNS = 'client_id, name, type, secret_hash, redirect_uris, scopes, created_at';
/** Ids are `oc_` + hex; anything else is unknown without asking Postgres (which refuses NUL bytes, say). */
const CLIENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

const toClient = (row: ClientRow): OAuthClient => ({
  clientId: row.client_id, name: row.name, type: row.type, redirectUris: row.redirect_uris, scopes: row.scopes, createdAt: row.created_at.toISOString(),
});

/**
 * https anywhere; http only to the loopback (RFC 8252 §7.3, native apps and local development); a
 * private-use scheme with a dot (`com.example.app:/cb`, RFC 8252 §7.1). Never a fragment.
 */
export function isAcceptableRedirectUri(uri: string): boolean {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  if (!/^[\x21-\x7e]+$/.test(uri) || url.hash !== '' || uri.includes('#') || url.username !== '' || url.password !== '') return false;
  if (url.protocol === 'https:') return true;
  if (url.protocol === 'http:') return url.hostname === '127.0.0.1' || url.hostname === '[::1]' || url.hostname === 'localhost';
  return /^[a-z][a-z0-9+.-]*\.[a-z0-9+.-]+:$/.test(url.protocol) && url.protocol !== 'javascript:' && url.protocol !== 'data:';
}

export async function createOAuthClient(db: Queryable, input: NewOAuthClient): Promise<AuthReplies['createOAuthClient']> {
  const bad = input.redirectUris.find((uri) => !isAcceptableRedirectUri(uri));
  if (bad !== undefined) throw new EngineError('INVALID_INPUT', `redirect URI ${bad} is not allowed (https, http to the loopback, or app.scheme:/path; no fragment)`);
  const clientId = `oc_${randomBytes(12).toString('hex')}`;
  const secret = input.type === 'confidential' ? newClientSecret() : undefined;
  const { rows } = await db.query<ClientRow>(
    `INSERT INTO oauth_clients (client_id, name, type, secret_hash, redirect_uris, scopes) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
    [clientId, input.name, input.type, secret?.hash ?? null, input.redirectUris, input.scopes],
  );
  log('info', 'oauth client registered', { clientId, type: input.type });
  return { ...toClient(rows[0]!), ...(secret === undefined ? {} : { clientSecret: secret.secret }) };
}

/** A page of clients in client_id order (keyset-page.ts: `cursor` is the `next` of the previous page). */
export async function listOAuthClients(db: Queryable, page: { cursor?: unknown; limit?: unknown }): Promise<Page<OAuthClient>> {
  // a request straight over NATS carries whatever its publisher sent: the defaults, or a refusal
  if (page.cursor !== undefined && typeof page.cursor !== 'string') throw new EngineError('INVALID_CURSOR', 'cursor must be the next of a previous page');
  const after = page.cursor === undefined ? null : decodeCursor(page.cursor, 1)[0];
  const limit = Number.isInteger(page.limit) && (page.limit as number) >= 1 ? Math.min(page.limit as number, PAGE_MAX) : PAGE_DEFAULT;
  const { rows } = await db.query<ClientRow>(
    `SELECT ${COLUMNS} FROM oauth_clients WHERE ($1::text IS NULL OR client_id > $1) ORDER BY client_id LIMIT $2`,
    [after, limit + 1],
  );
  return keysetPage(rows, limit, toClient, (row) => [row.client_id]);
}

/** Deletes the client and its codes and revokes its sessions; answers the revoked families (to announce). */
export async function deleteOAuthClient(db: pg.Pool, clientId: string): Promise<string[]> {
  const revoked = await inTransaction(db, async (tx) => {
    const { rowCount } = await tx.query('DELETE FROM oauth_clients WHERE client_id = $1', [clientId]);
    if (rowCount === 0) throw new EngineError('NOT_FOUND', 'no such OAuth client');
    return revokeClientFamilies(tx, clientId);
  });
  log('info', 'oauth client deleted', { clientId, revokedSessions: revoked.length });
  return revoked;
}

export async function findOAuthClient(db: Queryable, clientId: string): Promise<OAuthClient | undefined> {
  if (!CLIENT_ID.test(clientId)) return undefined;
  const { rows } = await db.query<ClientRow>(`SELECT ${COLUMNS} FROM oauth_clients WHERE client_id = $1`, [clientId]);
  return rows[0] === undefined ? undefined : toClient(rows[0]);
}

const invalidClient = (why: string) => new EngineError('INVALID_CLIENT', `client authentication failed: ${why}`);

/**
 * The client behind a token, revocation or introspection request: a confidential client must present
 * its secret (Basic or in the body); a public one (`none`) must not present any.
 */
export async function authenticateClient(db: Queryable, { clientId, clientSecret }: ClientAuthentication): Promise<OAuthClient> {
  const row = CLIENT_ID.test(clientId) ? (await db.query<ClientRow>(`SELECT ${COLUMNS} FROM oauth_clients WHERE client_id = $1`, [clientId])).rows[0] : undefined;
  if (row?.type === 'public') {
    if (clientSecret !== undefined) throw invalidClient('a public client has no secret');
    return toClient(row);
  }
  if (clientSecret === undefined) {
    if (row !== undefined) throw invalidClient('a confidential client must authenticate');
    throw invalidClient('unknown client');
  }
  if (!secretMatches(clientSecret, row?.secret_hash ?? undefined) || row === undefined) throw invalidClient('wrong client id or secret');
  return toClient(row);
}
