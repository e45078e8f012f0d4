// Route permissions at the edge: the bearer token is verified locally, then its roles (or a service
// token's scopes) must grant the route's permission (engine/auth/permissions.ts).
import { bearerToken, type AccessTokenVerifier } from '../../engine/auth/access-token-verifier.js';
import type { Principal } from '../../engine/auth/principal.js';
import { grants, type Permission } from '../../engine/auth/permissions.js';
import { EngineError } from '../../engine/platform/errors.js';
import { authenticate } from './authenticate.js';

export async function authorize(verifier: AccessTokenVerifier, authorization: string, permission: Permission): Promise<Principal> {
  const principal = await authenticate(verifier, authorization);
  if (!grants(principal, permission)) throw new EngineError('FORBIDDEN', `permission ${permission} required`);
  return principal;
}

/**
 * authorize(), answering the bearer token itself: an administration request hands it on to the auth
 * module, which checks it again (engine/auth/admin-operations.ts).
 */
export async function authorizedBearer(verifier: AccessTokenVerifier, authorization: string, permission: Permission): Promise<string> {
  await authorize(verifier, authorization, permission);
  return bearerToken(authorization) ?? '';
}
