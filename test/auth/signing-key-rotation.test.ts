// Signing-key rotation on disk: the new key is published before it signs, retired keys stay
// published for their tokens' lifetime, and the dev issuer follows the current key.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { decodeProtectedHeader } from 'jose';
import { AccessTokenVerifier } from '../../engine/auth/access-token-verifier.js';
import { mintAccessToken } from '../../engine/auth/dev-token-issuer.js';
import { ensureSigningKeys, loadSigningKey, rotateSigningKey, signingKeyPaths } from '../../engine/auth/signing-keys.js';
import { loadConfig } from '../../engine/platform/config.js';

const dirs: string[] = [];
after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gopang-rotation-'));
  dirs.push(dir);
  return dir;
};
const publishedKids = async (dir: string): Promise<string[]> =>
  JSON.parse(await readFile(signingKeyPaths(dir).jwksFile, 'utf8')).keys.map((k: { kid: string }) => k.kid);

it('auth - rotation publishes the new key first and keeps the retired one while its tokens live', async () => {
  const dir = await tempDir();
  const first = await ensureSigningKeys(dir);
  const second = await rotateSigningKey(dir, 900);
  assert.notEqual(second.kid, first.kid);
  assert.deepEqual(await publishedKids(dir), [second.kid, first.kid]);
  assert.equal((await loadSigningKey(dir)).kid, second.kid);
  assert.equal((await ensureSigningKeys(dir)).kid, second.kid, 'a later start keeps the rotated key and the published set');
  assert.deepEqual(await publishedKids(dir), [second.kid, first.kid]);
});

it('auth - keys retired longer than the retention are dropped at the next rotation', async () => {
  const dir = await tempDir();
  await ensureSigningKeys(dir);
  const second = await rotateSigningKey(dir, 0);
  assert.deepEqual(await publishedKids(dir), [second.kid]);
});

it('auth - the dev issuer and a verifier follow a rotation without restarting', async (t) => {
  const dir = await tempDir();
  const config = loadConfig({ ...process.env, DATA_DIR: dir, JWKS_URL: '', JWKS_REFRESH_MS: '0' });
  await ensureSigningKeys(dir);
  const verifier = await AccessTokenVerifier.create(config);
  t.after(() => verifier.close());
  const old = await mintAccessToken(config, { userId: 1, roles: ['buyer'] });
  await new Promise((r) => setTimeout(r, 5)); // a distinct mtime for the key file
  const rotated = await rotateSigningKey(dir, 900);
  const fresh = await mintAccessToken(config, { userId: 2, roles: ['buyer'] });
  assert.equal(decodeProtectedHeader(fresh).kid, rotated.kid);
  assert.equal((await verifier.verify(fresh)).userId, 2, 'unknown kid triggers a JWKS reload');
  assert.equal((await verifier.verify(old)).userId, 1);
  assert.deepEqual(verifier.jwks().keys.map((k) => k.kid).sort(), (await publishedKids(dir)).sort());
});
