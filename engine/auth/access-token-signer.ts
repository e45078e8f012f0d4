// Signs ES256 access JWTs: iss, aud, sub, roles, jti, iat, exp, kid in the header; `scope` for service
// clients and OAuth grants, `sid` (the refresh-token family) for user sessions, `client_id` for OAuth
// grants (RFC 9068). Shared by the auth module and the dev issuer.
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { EngineConfig } from '../platform/config.js';
import type { Role } from './roles.js';
import type { SigningKey } from './signing-keys.js';

export interface AccessTokenClaims {
  userId: number;
  roles: readonly Role[];
  ttlSec: number;
  scopes?: readonly string[];
  sessionId?: string;
  clientId?: string;
}

export function signAccessToken(jwt: EngineConfig['jwt'], key: SigningKey, claims: AccessTokenClaims): Promise<string> {
  if (!Number.isSafeInteger(claims.userId) || claims.userId <= 0) throw new RangeError('userId must be a positive integer');
  if (!Number.isSafeInteger(claims.ttlSec) || claims.ttlSec <= 0) throw new RangeError('ttlSec must be a positive integer');
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = { roles: [...claims.roles] };
  if (claims.scopes !== undefined) payload.scope = claims.scopes.join(' ');
  if (claims.sessionId !== undefined) payload.sid = claims.sessionId;
  if (claims.clientId !== undefined) payload.client_id = claims.clientId;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
    .setIssuer(jwt.issuer)
    .setAudience(jwt.audience)
    .setSubject(String(claims.userId))
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + claims.ttlSec)
    .sign(key.privateKey);
}
