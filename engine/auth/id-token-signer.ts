// Signs OpenID Connect id_tokens (ES256, same key as access tokens): iss, sub, aud = the client id,
// exp, iat, auth_time, nonce when the request had one, email/name by scope. The edge never accepts
// one as an access token: its audience is a client, not the API.
import { SignJWT } from 'jose';
import type { SigningKey } from './signing-keys.js';

export interface IdTokenClaims {
  issuer: string;
  userId: number;
  clientId: string;
  ttlSec: number;
  authTime: number; // epoch seconds
  nonce?: string;
  email?: string;
  name?: string;
}

export function signIdToken(key: SigningKey, claims: IdTokenClaims): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = { auth_time: claims.authTime };
  if (claims.nonce !== undefined) payload.nonce = claims.nonce;
  if (claims.email !== undefined) payload.email = claims.email;
  if (claims.name !== undefined) payload.name = claims.name;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
    .setIssuer(claims.issuer)
    .setSubject(String(claims.userId))
    .setAudience(claims.clientId)
    .setIssuedAt(now)
    .setExpirationTime(now + claims.ttlSec)
    .sign(key.privateKey);
}
