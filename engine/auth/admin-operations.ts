// The auth module's administration operations and the permission each needs. Their requests carry the
// caller's access token (`callerToken`), which the auth module verifies itself: being able to publish
// on NATS does not make a process an administrator (issue #15 finding 7). Edges check the same
// permission first, to answer 401/403 without a round trip.
import type pg from 'pg';
import { EngineError } from '../platform/errors.js';
import type { AccessTokenVerifier } from './access-token-verifier.js';
import type { AuthOperation } from './auth-subjects.js';
import { grants, type Permission } from './permissions.js';
import type { Principal } from './principal.js';
import { isFamilyRevoked } from './refresh-tokens.js';

export const adminPermissions = {
  createClient: 'client:write',
  rotateKey: 'key:rotate',
  createOAuthClient: 'client:write',
  listOAuthClients: 'client:write',
  deleteOAuthClient: 'client:write',
} as const satisfies Partial<Record<AuthOperation, Permission>>;

export type AdminOperation = keyof typeof adminPermissions;

export function isAdminOperation(op: AuthOperation): op is AdminOperation {
  return Object.hasOwn(adminPermissions, op);
}

/**
 * The verified principal behind an administration request, or UNAUTHENTICATED / FORBIDDEN. A login
 * session's token is checked against its family in Postgres too: after a logout the auth module
 * refuses it at once, whether or not a revocation broadcast reached this process.
 */
export async function requireAdmin(deps: { verifier: AccessTokenVerifier; db: pg.Pool }, op: AdminOperation, request: unknown): Promise<Principal> {
  const token = (request as { callerToken?: unknown } | null)?.callerToken;
  if (typeof token !== 'string') throw new EngineError('UNAUTHENTICATED', `${op} needs the caller's access token`);
  const principal = await deps.verifier.verify(token);
  const permission = adminPermissions[op];
  if (!grants(principal, permission)) throw new EngineError('FORBIDDEN', `permission ${permission} required`);
  if (principal.sessionId !== undefined && (await isFamilyRevoked(deps.db, principal.sessionId))) {
    throw new EngineError('UNAUTHENTICATED', 'session revoked');
  }
  return principal;
}
