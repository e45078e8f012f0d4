// Signing-key rotation: the edge picks up the new key without a restart, and tokens signed with the
// old key keep verifying until they expire (the old public key stays published).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeProtectedHeader } from 'jose';
import { AuthApi } from '../support/auth-api.js';
import { waitFor } from '../support/eventually.js';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';

describe('auth key rotation (integration)', () => {
  let fx: FlashSaleFixture;
  let api: AuthApi;

  let dataDir: string;

  // Its own key directory (rotating the shared one would disturb other tests), and a background JWKS
  // refresh far beyond the test: the pickup must come from the rotation itself.
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gopang-rotation-'));
    fx = await FlashSaleFixture.start(['auth', 'edge'], { JWKS_REFRESH_MS: '3600000', DATA_DIR: dataDir });
    api = new AuthApi(fx.http);
  });
  after(async () => {
    await fx?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('auth - after a rotation old-key tokens still verify, new-key tokens verify on the same edge, and both keys are published', async () => {
    const before = await api.signedInBuyer();
    const oldKid = decodeProtectedHeader(before.accessToken).kid;
    const devTokenBefore = await fx.token(77, 'buyer');
    const admin = await fx.token(1, 'admin');

    const rotated = await api.post('/api/v1/admin/auth/keys/rotate', {}, { authorization: `Bearer ${admin}` });
    assert.equal(rotated.status, 200, rotated.text);
    const newKid = rotated.json().kid;
    assert.notEqual(newKid, oldKid);

    const afterLogin = await api.signedInBuyer(); // another user: a new login would end `before`'s session
    assert.equal(decodeProtectedHeader(afterLogin.accessToken).kid, newKid);
    const devTokenAfter = await fx.token(78, 'buyer');
    assert.equal(decodeProtectedHeader(devTokenAfter).kid, newKid, 'the dev issuer signs with the current key');

    for (const token of [afterLogin.accessToken, devTokenAfter, before.accessToken, devTokenBefore]) {
      const answer = await api.get('/api/v1/auth/ping', token);
      assert.equal(answer.status, 200, answer.text);
    }
    let kids: string[] = [];
    await waitFor(async () => {
      kids = (await api.get('/.well-known/jwks.json')).json().keys.map((k: { kid: string }) => k.kid);
      return kids.includes(newKid);
    }, { message: () => `the new key in the JWKS (has ${kids.join(', ')})` });
    assert.deepEqual(kids.sort(), [oldKid, newKid].sort());
  });
});
