// Mints access tokens with the local signing key, for development and tests (`npm run token`).
// It always signs with the current key on disk, so it keeps working across key rotations.
// The verifier knows nothing of this file: it only sees the published JWKS.
import { stat } from 'node:fs/promises';
import type { EngineConfig } from '../platform/config.js';
import { signAccessToken } from './access-token-signer.js';
import type { Role } from './roles.js';
import { ensureSigningKeys, loadSigningKey, signingKeyPaths, type SigningKey } from './signing-keys.js';

export const defaultAccessTokenTtlSec = 900;

export interface DevTokenClaims {
  userId: number;
  roles: Role[];
  ttlSec?: number;
  scopes?: string[];
}

/** The key per data dir, reloaded when the key file changes (a rotation). */
const keysByDataDir = new Map<string, { mtimeMs: number; key: Promise<SigningKey> }>();

async function signingKey(dataDir: string): Promise<SigningKey> {
  const file = signingKeyPaths(dataDir).privateKeyFile;
  const mtimeMs = await stat(file).then((s) => s.mtimeMs, () => -1);
  let entry = keysByDataDir.get(dataDir);
  if (entry === undefined || entry.mtimeMs !== mtimeMs) {
    entry = { mtimeMs, key: mtimeMs < 0 ? ensureSigningKeys(dataDir) : loadSigningKey(dataDir) };
    keysByDataDir.set(dataDir, entry);
    entry.key.catch(() => keysByDataDir.delete(dataDir));
  }
  return entry.key;
}

export async function mintAccessToken(config: EngineConfig, claims: DevTokenClaims): Promise<string> {
  const key = await signingKey(config.dataDir);
  return signAccessToken(config.jwt, key, { ...claims, ttlSec: claims.ttlSec ?? defaultAccessTokenTtlSec });
}
