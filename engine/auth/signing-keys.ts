// The local ES256 signing key: generated once into <dataDir>/keys, loaded by every later caller.
// Rotation (rotateSigningKey) publishes the new public key first, then makes it the signing key;
// retired public keys stay in jwks.json until the tokens they signed have expired.
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK, type KeyLike } from 'jose';

export interface SigningKey {
  kid: string;
  privateKey: KeyLike;
}

const ALG = 'ES256';

export function signingKeyPaths(dataDir: string): { dir: string; privateKeyFile: string; jwksFile: string; retiredFile: string } {
  const dir = join(dataDir, 'keys');
  return { dir, privateKeyFile: join(dir, 'signing-key.json'), jwksFile: join(dir, 'jwks.json'), retiredFile: join(dir, 'retired-keys.json') };
}

export async function ensureSigningKeys(dataDir: string): Promise<SigningKey> {
  const paths = signingKeyPaths(dataDir);
  // the data dir first, with the usual mode: a recursive mkdir gives every folder it creates the mode,
  // and a private .data would keep the bootstrap's Postgres (run as the postgres user) out of .data/services
  await mkdir(dataDir, { recursive: true });
  await mkdir(paths.dir, { recursive: true, mode: 0o700 });
  let jwk = await readPrivateJwk(paths.privateKeyFile);
  if (jwk === undefined) {
    const generated = await generatePrivateJwk();
    // link() fails with EEXIST instead of replacing like rename(): when two processes start at once
    // exactly one key wins and the loser loads it, so nobody signs with a key that is not on disk.
    const won = await writeExclusive(paths.privateKeyFile, JSON.stringify(generated, null, 2) + '\n');
    jwk = won ? generated : await readPrivateJwk(paths.privateKeyFile);
    if (jwk === undefined) throw new Error(`signing key ${paths.privateKeyFile} vanished while starting`);
  }
  await ensureJwksListsKey(paths.jwksFile, publicJwkOf(jwk));
  return signingKeyOf(jwk);
}

/** The current signing key on disk (after a rotation by another process, for example). */
export async function loadSigningKey(dataDir: string): Promise<SigningKey> {
  const jwk = await readPrivateJwk(signingKeyPaths(dataDir).privateKeyFile);
  if (jwk === undefined) return ensureSigningKeys(dataDir);
  return signingKeyOf(jwk);
}

/**
 * Makes a new key the signing key. The JWKS gains the new public key before anything signs with it,
 * keeps keys retired less than `retainSec` ago (their tokens may still be alive) and drops older ones.
 */
export async function rotateSigningKey(dataDir: string, retainSec: number): Promise<SigningKey> {
  const paths = signingKeyPaths(dataDir);
  const current = await ensureSigningKeys(dataDir);
  const next = await generatePrivateJwk();
  const nowSec = Math.floor(Date.now() / 1000);
  const published = ((await readJson<{ keys?: JWK[] }>(paths.jwksFile))?.keys ?? []).filter((k) => typeof k.kid === 'string');
  const retiredBefore = (await readJson<Record<string, number>>(paths.retiredFile)) ?? {};
  // every published key is retired from now on; the first time we see one, its clock starts now
  const retired = Object.fromEntries(published.map((k) => [k.kid as string, retiredBefore[k.kid as string] ?? nowSec]));
  retired[current.kid] = nowSec; // signed until this moment
  const kept = published.filter((k) => nowSec - retired[k.kid as string]! < retainSec);
  await writeJsonAtomic(paths.retiredFile, Object.fromEntries(kept.map((k) => [k.kid, retired[k.kid as string]])), 0o644);
  await writeJsonAtomic(paths.jwksFile, { keys: [publicJwkOf(next), ...kept] }, 0o644);
  await writeJsonAtomic(paths.privateKeyFile, next, 0o600);
  return signingKeyOf(next);
}

async function signingKeyOf(jwk: JWK): Promise<SigningKey> {
  return { kid: jwk.kid as string, privateKey: (await importJWK(jwk, ALG)) as KeyLike };
}

async function generatePrivateJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y });
  return { ...jwk, kid, alg: ALG, use: 'sig' };
}

function publicJwkOf(jwk: JWK): JWK {
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, kid: jwk.kid, alg: ALG, use: 'sig' };
}

async function readPrivateJwk(file: string): Promise<JWK | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const jwk = JSON.parse(text) as JWK;
  const valid = jwk.kty === 'EC' && jwk.crv === 'P-256' && typeof jwk.d === 'string' && typeof jwk.kid === 'string';
  if (!valid) throw new Error(`${file} is not an ES256 private JWK with a kid`);
  return jwk;
}

/** Writes a complete file under a temp name, then links it into place only if nothing is there yet. */
async function writeExclusive(file: string, text: string): Promise<boolean> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, text, { mode: 0o600, flag: 'wx' });
  try {
    await link(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/** Adds the signing key's public half to jwks.json when missing, keeping the keys already published. */
async function ensureJwksListsKey(file: string, publicJwk: JWK): Promise<void> {
  let keys: unknown[] = [];
  try {
    const current = JSON.parse(await readFile(file, 'utf8')) as { keys?: unknown };
    if (Array.isArray(current.keys)) keys = current.keys;
  } catch {
    // missing or unparsable: rewrite below
  }
  if (keys.some((k) => (k as { kid?: unknown } | null)?.kid === publicJwk.kid)) return;
  await writeJsonAtomic(file, { keys: [publicJwk, ...keys] }, 0o644);
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Readers see the old file or the new one, never half of one. */
async function writeJsonAtomic(file: string, value: unknown, mode: number): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, JSON.stringify(value, null, 2) + '\n', { mode });
  await rename(tmp, file);
}
