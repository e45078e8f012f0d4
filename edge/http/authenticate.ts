// Bearer-token check shared by raw uWS and hyper-express routes: local ES256 verification
// (cached), then the role the route needs.
import { bearerToken, type AccessTokenVerifier } from '../../engine/auth/access-token-verifier.js';
import { hasRole, type Principal } from '../../engine/auth/principal.js';
import type { Role } from '../../engine/auth/roles.js';
import { EngineError } from '../../engine/platform/errors.js';

export async function authenticate(verifier: AccessTokenVerifier, authorization: string, role?: Role): Promise<Principal> {
  const token = bearerToken(authorization);
  if (!token) throw new EngineError('UNAUTHENTICATED', 'a Bearer access token is required');
  const principal = verifier.verifyCached(token) ?? (await verifier.verify(token));
  if (role && !hasRole(principal, role)) throw new EngineError('FORBIDDEN', `role ${role} required`);
  return principal;
}
