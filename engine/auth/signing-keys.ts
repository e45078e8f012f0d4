// The local ES256 signing key: generated once into <dataDir>/keys, loaded by every later caller.
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK, type KeyLike } from 'jose';

export interface SigningKey {
  kid: string;
  privateKey: KeyLike;
}

const ALG = 'ES256';

export function signingKeyPaths(dataDir: string): { dir: string; privateKeyFile: string; jwksFile: string } {
  const dir = join(dataDir, 'keys');
  return { dir, privateKeyFile: join(dir, 'signing-key.json'), jwksFile: join(dir, 'jwks.json') };
}

export async function ensureSigningKeys(dataDir: string): Promise<SigningKey> {
  const paths = signingKeyPaths(dataDir);
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
  const kid = jwk.kid as string;
  return { kid, privateKey: (await importJWK(jwk, ALG)) as KeyLike };
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

/** jwks.json is derived from the private key, so rewriting it (atomically) on a mismatch is always safe. */
async function ensureJwksListsKey(file: string, publicJwk: JWK): Promise<void> {
  try {
    const current = JSON.parse(await readFile(file, 'utf8')) as { keys?: unknown };
    if (Array.isArray(current.keys) && current.keys.some((k: { kid?: unknown }) => k?.kid === publicJwk.kid)) return;
  } catch {
    // missing or unparsable: rewrite below
  }
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, JSON.stringify({ keys: [publicJwk] }, null, 2) + '\n', { mode: 0o644 });
  await rename(tmp, file);
}
