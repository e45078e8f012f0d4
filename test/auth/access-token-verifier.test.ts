import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SignJWT, UnsecuredJWT, base64url, exportJWK, exportSPKI, generateKeyPair, type JWTPayload, type KeyLike } from 'jose';
import { loadConfig, type EngineConfig } from '../../engine/platform/config.js';
import { EngineError } from '../../engine/platform/errors.js';
import { AccessTokenVerifier, bearerToken } from '../../engine/auth/access-token-verifier.js';
import { hasRole } from '../../engine/auth/principal.js';
import { signAccessToken } from '../../engine/auth/access-token-signer.js';
import { mintAccessToken } from '../../engine/auth/dev-token-issuer.js';
import { ensureSigningKeys, signingKeyPaths, type SigningKey } from '../../engine/auth/signing-keys.js';

const dirs: string[] = [];
after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
const tempDir = (): Promise<string> => mkdtemp(join(tmpdir(), 'gopang-auth-')).then((dir) => (dirs.push(dir), dir));

interface Setup { config: EngineConfig; key: SigningKey; verifier: AccessTokenVerifier; jwksFile: string }
/** Each test gets its own DATA_DIR, key pair and verifier, closed when the test ends. */
async function setup(t: { after(fn: () => void): void }, env: NodeJS.ProcessEnv = {}): Promise<Setup> {
  const dir = await tempDir();
  const config = loadConfig({ ...process.env, JWKS_URL: '', DATA_DIR: dir, ...env });
  const key = await ensureSigningKeys(config.dataDir);
  const verifier = await AccessTokenVerifier.create(config);
  t.after(() => verifier.close());
  return { config, key, verifier, jwksFile: config.jwt.jwksFile };
}

const now = (): number => Math.floor(Date.now() / 1000);

/** A token with valid claims unless overridden; `null` removes a claim. */
async function craft(s: Setup, claims: Record<string, unknown> = {}, opts: { key?: KeyLike | Uint8Array; alg?: string; kid?: string } = {}): Promise<string> {
  const payload: Record<string, unknown> = { iss: s.config.jwt.issuer, aud: s.config.jwt.audience, sub: '7', roles: ['buyer'], iat: now(), exp: now() + 600, ...claims };
  for (const [k, v] of Object.entries(payload)) if (v === null) delete payload[k];
  return new SignJWT(payload as JWTPayload).setProtectedHeader({ alg: opts.alg ?? 'ES256', kid: opts.kid ?? s.key.kid }).sign(opts.key ?? s.key.privateKey);
}

async function rejects(v: AccessTokenVerifier, token: string, message?: RegExp): Promise<void> {
  await assert.rejects(v.verify(token), (err: unknown) => {
    assert.ok(err instanceof EngineError, `expected EngineError, got ${String(err)}`);
    assert.equal(err.code, 'UNAUTHENTICATED');
    if (token.length > 8) assert.ok(!err.message.includes(token), 'message must not echo the token');
    if (message) assert.match(err.message, message);
    return true;
  });
  assert.equal(v.verifyCached(token), undefined);
}

test('auth - a valid token passes and maps its claims', async (t) => {
  const s = await setup(t);
  const p = await s.verifier.verify(await mintAccessToken(s.config, { userId: 42, roles: ['buyer', 'admin'] }));
  assert.deepEqual({ ...p, roles: [...p.roles] }, { userId: 42, roles: ['buyer', 'admin'], expiresAt: p.expiresAt, scopes: [] });
  assert.ok(Math.abs(p.expiresAt - (now() + 900)) <= 2);
  assert.ok(hasRole(p, 'admin') && !hasRole(p, 'seller'));
  assert.ok(Object.isFrozen(p) && Object.isFrozen(p.roles));
});

test('auth - a verified token is then served synchronously from the cache', async (t) => {
  const s = await setup(t);
  const token = await mintAccessToken(s.config, { userId: 5, roles: ['seller'] });
  assert.equal(s.verifier.verifyCached(token), undefined);
  const p = await s.verifier.verify(token);
  const hit = s.verifier.verifyCached(token); // a plain value, not a Promise
  assert.equal(hit, p);
});

test('auth - an expired token fails even when it is cached', async (t) => {
  const s = await setup(t, { JWT_CLOCK_TOLERANCE_SEC: '0' });
  const token = await mintAccessToken(s.config, { userId: 5, roles: ['buyer'], ttlSec: 1 });
  const p = await s.verifier.verify(token);
  await new Promise((r) => setTimeout(r, p.expiresAt * 1000 - Date.now() + 20));
  assert.equal(s.verifier.verifyCached(token), undefined);
  await rejects(s.verifier, token, /expired/);
});

test('auth - alg none is rejected', async (t) => {
  const s = await setup(t);
  const unsecured = new UnsecuredJWT({ sub: '7', roles: ['buyer'] }).setIssuer(s.config.jwt.issuer).setAudience(s.config.jwt.audience).setExpirationTime('10m').encode();
  await rejects(s.verifier, unsecured);
  const header = base64url.encode(JSON.stringify({ alg: 'none', kid: s.key.kid }));
  await rejects(s.verifier, `${header}.${unsecured.split('.')[1]}.`);
  await rejects(s.verifier, `${header}.${unsecured.split('.')[1]}.c2ln`, /algorithm/); // past the shape check, jose refuses it
});

test('auth - HS256 signed with the public key material is rejected', async (t) => {
  const s = await setup(t);
  const jwk = JSON.parse(await readFile(s.jwksFile, 'utf8')).keys[0];
  for (const secret of [await exportSPKI(createPublicKey(s.key.privateKey as KeyObject)), JSON.stringify(jwk), jwk.x]) {
    await rejects(s.verifier, await craft(s, {}, { alg: 'HS256', key: new TextEncoder().encode(secret) }), /algorithm/);
  }
});

test('auth - a key from another key pair is rejected, with or without a known kid', async (t) => {
  const s = await setup(t);
  const other = (await generateKeyPair('ES256')).privateKey;
  await rejects(s.verifier, await craft(s, {}, { key: other, kid: 'someone-else' }), /unknown key/);
  await rejects(s.verifier, await craft(s, {}, { key: other }), /signature/);
});

test('auth - wrong iss or aud, exp past or nbf/iat future beyond the tolerance are rejected', async (t) => {
  const s = await setup(t);
  await rejects(s.verifier, await craft(s, { iat: now() - 900, exp: now() - 120 }), /expired/);
  await rejects(s.verifier, await craft(s, { iss: 'evil' }), /iss/);
  await rejects(s.verifier, await craft(s, { aud: 'other-api' }), /aud/);
  await rejects(s.verifier, await craft(s, { nbf: now() + 120 }), /not yet valid/);
  await rejects(s.verifier, await craft(s, { iat: now() + 120 }), /future/);
  await s.verifier.verify(await craft(s, { nbf: now() + 5, iat: now() + 5 })); // within the 30 s tolerance
});

test('auth - a sub that is not a positive integer, unknown roles or no exp are rejected', async (t) => {
  const s = await setup(t);
  for (const sub of ['abc', '0', '-1', '1e3', '07', '9007199254740993', null]) await rejects(s.verifier, await craft(s, { sub }));
  for (const roles of [['buyer', 'root'], 'buyer', null, [1]]) await rejects(s.verifier, await craft(s, { roles }), /roles/);
  await rejects(s.verifier, await craft(s, { exp: null }));
});

test('auth - garbage strings are rejected', async (t) => {
  const s = await setup(t);
  const good = await craft(s);
  const [h, p, sig] = good.split('.');
  const forged = `${h}.${base64url.encode(JSON.stringify({ ...JSON.parse(new TextDecoder().decode(base64url.decode(p!))), sub: '1' }))}.${sig}`;
  for (const token of ['', 'abc', 'a.b.c', '...', `${good} `, `${h}.${p}`, forged, 'x'.repeat(10_000), `${good}.${sig}`]) await rejects(s.verifier, token);
});

test('auth - keys loaded at start keep verifying when the JWKS file becomes unreadable', async (t) => {
  const s = await setup(t, { JWKS_REFRESH_MS: '20' });
  const write = t.mock.method(process.stderr, 'write', () => true);
  await writeFile(s.jwksFile, '{ not json');
  await new Promise((r) => setTimeout(r, 100)); // several background refreshes
  assert.equal(await s.verifier.refresh(), false);
  await rm(s.jwksFile);
  assert.equal(await s.verifier.refresh(), false);
  assert.ok(write.mock.callCount() >= 2);
  assert.match(String(write.mock.calls[0]!.arguments[0]), /^auth: JWKS refresh .* failed, keeping 1 key\(s\): .*\n$/);
  assert.equal((await s.verifier.verify(await mintAccessToken(s.config, { userId: 9, roles: ['buyer'] }))).userId, 9);
});

test('auth - a remote JWKS that goes down keeps the last good keys', async (t) => {
  const dir = await tempDir();
  await ensureSigningKeys(dir);
  const jwks = await readFile(signingKeyPaths(dir).jwksFile);
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(jwks));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/.well-known/jwks.json`;
  const s = await setup(t, { DATA_DIR: dir, JWKS_URL: url });
  const closed = new Promise((r) => server.close(r));
  server.closeAllConnections();
  await closed;
  t.mock.method(process.stderr, 'write', () => true);
  assert.equal(await s.verifier.refresh(), false);
  assert.equal((await s.verifier.verify(await mintAccessToken(s.config, { userId: 3, roles: ['service'] }))).userId, 3);
});

test('auth - a newly published key is picked up on its first token; a withdrawn key empties the cache', async (t) => {
  const s = await setup(t);
  const cached = await craft(s);
  await s.verifier.verify(cached);
  const pair = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'rotated', alg: 'ES256', use: 'sig' };
  await writeFile(s.jwksFile, JSON.stringify({ keys: [jwk] }));
  assert.equal((await s.verifier.verify(await craft(s, { sub: '8' }, { key: pair.privateKey, kid: 'rotated' }))).userId, 8);
  assert.equal(s.verifier.verifyCached(cached), undefined);
  await rejects(s.verifier, cached, /unknown key/);
});

test('auth - signing keys are created once, private key 0600, even when two callers race', async () => {
  const dir = await tempDir();
  const [a, b] = await Promise.all([ensureSigningKeys(dir), ensureSigningKeys(dir)]);
  assert.ok(a.kid === b.kid && b.kid === (await ensureSigningKeys(dir)).kid);
  const paths = signingKeyPaths(dir);
  assert.equal((await stat(paths.privateKeyFile)).mode & 0o777, 0o600);
  const jwks = JSON.parse(await readFile(paths.jwksFile, 'utf8'));
  assert.deepEqual(jwks.keys.map((k: { kid: string; d?: string }) => [k.kid, k.d]), [[a.kid, undefined]]);
});

test('auth - the token script prints a verifiable token and exits 2 on bad arguments', async (t) => {
  const s = await setup(t);
  const script = fileURLToPath(new URL('../../scripts/token.js', import.meta.url));
  const run = promisify(execFile);
  const env = { ...process.env, DATA_DIR: s.config.dataDir };
  const { stdout } = await run(process.execPath, [script, '--user', '42', '--role', 'buyer', '--role', 'admin', '--ttl', '60'], { env });
  const p = await s.verifier.verify(stdout.trim());
  assert.deepEqual([p.userId, [...p.roles]], [42, ['buyer', 'admin']]);
  for (const args of [[], ['--user', 'x', '--role', 'buyer'], ['--user', '1', '--role', 'root'], ['--user', '1'], ['--bogus']]) {
    await assert.rejects(run(process.execPath, [script, ...args], { env }), (err: { code?: number; stdout?: string; stderr?: string }) =>
      err.code === 2 && err.stdout === '' && /usage:/.test(err.stderr ?? ''));
  }
});

test('auth - bearerToken extracts the token of a Bearer header only', () => {
  assert.equal(bearerToken('Bearer abc.def.ghi'), 'abc.def.ghi');
  assert.equal(bearerToken('  bEaReR   abc.def.ghi  '), 'abc.def.ghi');
  for (const header of ['', 'Bearer', 'Bearer ', 'Basic abc', 'abc.def.ghi', 'Bearer a b', 'Bearerabc', 'Token abc', undefined]) {
    assert.equal(bearerToken(header), undefined, header);
  }
});

test('auth - a revoked session is refused even from the cache; other sessions and session-less tokens are not', async (t) => {
  const s = await setup(t);
  const sign = (sessionId?: string) => signAccessToken(s.config.jwt, s.key, { userId: 5, roles: ['buyer'], ttlSec: 600, sessionId });
  const revoked = await sign('0b6f3c9e-6a57-4d36-9a59-1c2f0e4d8a11');
  const other = await sign('7d1e2a40-3b8c-4f7e-8f0a-5e9d6c4b3a21');
  assert.equal((await s.verifier.verify(revoked)).sessionId, '0b6f3c9e-6a57-4d36-9a59-1c2f0e4d8a11');
  s.verifier.revokeSession('0b6f3c9e-6a57-4d36-9a59-1c2f0e4d8a11', now() + 600);
  assert.equal(s.verifier.verifyCached(revoked), undefined);
  await rejects(s.verifier, revoked, /session revoked/);
  assert.equal((await s.verifier.verify(other)).userId, 5);
  assert.equal((await s.verifier.verify(await sign())).sessionId, undefined);
  await rejects(s.verifier, await craft(s, { sid: 'not-a-session' }), /session/);
});

test('auth - a deleted user\'s tokens are refused, of any session or none; listeners hear every revocation', async (t) => {
  const s = await setup(t);
  const heard: unknown[] = [];
  const stop = s.verifier.onRevoked((revoked) => heard.push(revoked));
  const sign = (userId: number, sessionId?: string) => signAccessToken(s.config.jwt, s.key, { userId, roles: ['buyer'], ttlSec: 600, sessionId });
  const withSession = await sign(5, '0b6f3c9e-6a57-4d36-9a59-1c2f0e4d8a11');
  const sessionless = await sign(5);
  const otherUser = await sign(6);
  await s.verifier.verify(withSession);
  s.verifier.revokeUser(5, now() + 600);
  assert.equal(s.verifier.verifyCached(withSession), undefined);
  await rejects(s.verifier, sessionless, /revoked/);
  assert.equal((await s.verifier.verify(otherUser)).userId, 6);
  s.verifier.revokeSession('7d1e2a40-3b8c-4f7e-8f0a-5e9d6c4b3a21', now() + 600);
  stop();
  s.verifier.revokeUser(6, now() + 600);
  assert.deepEqual(heard, [{ userId: 5 }, { sessionId: '7d1e2a40-3b8c-4f7e-8f0a-5e9d6c4b3a21' }]);
});
