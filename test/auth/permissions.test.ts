// Permission checks from roles and service scopes, and the scope claim in tokens.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { AccessTokenVerifier } from '../../engine/auth/access-token-verifier.js';
import { mintAccessToken } from '../../engine/auth/dev-token-issuer.js';
import { grants } from '../../engine/auth/permissions.js';
import { loadConfig } from '../../engine/platform/config.js';
import { EngineError } from '../../engine/platform/errors.js';

it('auth - roles grant their permissions; service principals only their scopes', () => {
  const principal = (roles: ('buyer' | 'seller' | 'admin' | 'service')[], scopes: string[] = []) => ({ roles, scopes });
  assert.ok(grants(principal(['admin']), 'sale:create'));
  assert.ok(!grants(principal(['buyer']), 'sale:create'));
  assert.ok(grants(principal(['seller']), 'item:write'));
  assert.ok(!grants(principal(['seller']), 'category:write'));
  assert.ok(grants(principal(['admin']), 'order:read:any') && !grants(principal(['buyer']), 'order:read:any'));
  assert.ok(grants(principal(['service'], ['order:intake']), 'order:intake'));
  assert.ok(!grants(principal(['service'], ['order:intake']), 'payment:write'));
});

it('auth - a token scope claim becomes principal.scopes; a malformed scope is refused', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'gopang-scopes-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const config = loadConfig({ ...process.env, DATA_DIR: dir, JWKS_URL: '', JWKS_REFRESH_MS: '0' });
  await mintAccessToken(config, { userId: 1, roles: ['buyer'] }); // creates the key pair
  const verifier = await AccessTokenVerifier.create(config);
  t.after(() => verifier.close());
  const service = await verifier.verify(await mintAccessToken(config, { userId: 9, roles: ['service'], scopes: ['order:intake', 'payment:write'] }));
  assert.deepEqual([...service.scopes], ['order:intake', 'payment:write']);
  await assert.rejects(
    verifier.verify(await mintAccessToken(config, { userId: 9, roles: ['service'], scopes: ['order:intake', 'DROP TABLE'] })),
    (err: unknown) => err instanceof EngineError && err.code === 'UNAUTHENTICATED',
  );
});
