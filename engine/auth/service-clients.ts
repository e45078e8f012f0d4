// Service-to-service clients (OAuth client credentials). A client is a `service` account plus a
// random secret (engine/auth/client-secrets.ts).
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { EngineError } from '../platform/errors.js';
import { log } from '../platform/log.js';
import type { AuthReplies, AuthRequests, ServiceToken } from './auth-wire.js';
import { isPermission, serviceScopes } from './permissions.js';
import type { TokenIssuer } from './token-issuer.js';
import { newClientSecret, secretMatches } from './client-secrets.js';
import { inTransaction } from '../platform/db/transaction.js';
import { grantRole, insertServiceUser } from './user-store.js';

const invalidClient = () => new EngineError('INVALID_CLIENT', 'client authentication failed');

export async function createClient(db: pg.Pool, { name, scopes }: AuthRequests['createClient']): Promise<AuthReplies['createClient']> {
  const bad = scopes.find((s) => !serviceScopes.includes(s));
  if (bad !== undefined) throw new EngineError('INVALID_SCOPE', `scope ${bad} cannot be given to a service client`);
  const clientId = `svc_${randomBytes(8).toString('hex')}`;
  const { secret: clientSecret, hash } = newClientSecret();
  await inTransaction(db, async (client) => {
    const userId = await insertServiceUser(client, `${clientId}@clients.invalid`, name);
    await grantRole(client, userId, 'service');
    await client.query('INSERT INTO service_clients (client_id, user_id, secret_hash, scopes) VALUES ($1, $2, $3, $4)', [
      clientId,
      userId,
      hash,
      scopes,
    ]);
  });
  log('info', 'service client created', { clientId, scopes });
  return { clientId, clientSecret, scopes };
}

export async function clientCredentialsToken(db: pg.Pool, issuer: TokenIssuer, request: AuthRequests['clientCredentials']): Promise<ServiceToken> {
  const { rows } = await db.query<{ user_id: string; secret_hash: string; scopes: string[] }>(
    'SELECT user_id, secret_hash, scopes FROM service_clients WHERE client_id = $1 AND NOT disabled',
    [request.clientId],
  );
  const row = rows[0];
  if (!secretMatches(request.clientSecret, row?.secret_hash) || !row) throw invalidClient();
  const requested = request.scope === undefined || request.scope.trim() === '' ? row.scopes : request.scope.trim().split(/\s+/);
  const outside = requested.find((s) => !isPermission(s) || !row.scopes.includes(s));
  if (outside !== undefined) throw new EngineError('INVALID_SCOPE', `scope ${outside} is not granted to this client`);
  const accessToken = await issuer.forService(Number(row.user_id), requested);
  return { accessToken, expiresIn: issuer.serviceTtlSec, scope: requested.join(' ') };
}
