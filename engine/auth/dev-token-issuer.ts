// Mints access tokens with the local signing key, for development and tests until the auth module exists.
// The verifier knows nothing of this file: it only sees the published JWKS.
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { EngineConfig } from '../config.js';
import type { Role } from './roles.js';
import { ensureSigningKeys, type SigningKey } from './signing-keys.js';

export const defaultAccessTokenTtlSec = 900;

export interface AccessTokenClaims {
  userId: number;
  roles: Role[];
  ttlSec?: number;
}

const keysByDataDir = new Map<string, Promise<SigningKey>>();

function signingKey(dataDir: string): Promise<SigningKey> {
  let key = keysByDataDir.get(dataDir);
  if (key === undefined) {
    key = ensureSigningKeys(dataDir);
    keysByDataDir.set(dataDir, key);
    key.catch(() => keysByDataDir.delete(dataDir));
  }
  return key;
}

export async function mintAccessToken(config: EngineConfig, claims: AccessTokenClaims): Promise<string> {
  const ttlSec = claims.ttlSec ?? defaultAccessTokenTtlSec;
  if (!Number.isSafeInteger(claims.userId) || claims.userId <= 0) throw new RangeError('userId must be a positive integer');
  if (!Number.isSafeInteger(ttlSec) || ttlSec <= 0) throw new RangeError('ttlSec must be a positive integer');
  const { kid, privateKey } = await signingKey(config.dataDir);
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ roles: [...claims.roles] })
    .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
    .setIssuer(config.jwt.issuer)
    .setAudience(config.jwt.audience)
    .setSubject(String(claims.userId))
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSec)
    .sign(privateKey);
}
