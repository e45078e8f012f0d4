// Hostile finding 12 (issue #15): two tabs refreshing with the same refresh token at once must not
// look like theft. Within AUTH_REFRESH_REUSE_GRACE_SEC of a rotation the rotated token gets the SAME
// child again (one live child, the family alive); after the window, or once the child itself was
// rotated, it is reuse: REFRESH_TOKEN_REUSED and the family revoked.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { AuthApi, errorCode } from '../support/auth-api.js';
import { waitFor } from '../support/eventually.js';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';

/** short, so the test waits it out; long enough for ten concurrent refreshes on a busy machine */
const GRACE_SEC = 3;
const TABS = 10;

describe('hostile - concurrent refreshes of one token (integration)', () => {
  let fx: FlashSaleFixture;
  let api: AuthApi;

  before(async () => {
    fx = await FlashSaleFixture.start(['auth', 'edge'], { AUTH_SCRYPT_COST: '1024', AUTH_REFRESH_REUSE_GRACE_SEC: String(GRACE_SEC) });
    api = new AuthApi(fx.http);
  });
  after(() => fx?.close());

  const liveTokens = async (familyId: string) =>
    (await fx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM refresh_tokens WHERE family_id = $1 AND status = 'active'", [familyId])).rows[0].n;

  it(`hostile - ${TABS} concurrent refreshes with one token all get the same child; the family lives`, async () => {
    const { refreshToken, accessToken } = await api.signedInBuyer();
    const familyId = decodeJwt(accessToken).sid as string;
    const answers = await Promise.all(Array.from({ length: TABS }, () => api.refresh(refreshToken)));
    assert.deepEqual(answers.map((a) => a.status), Array(TABS).fill(200), answers.map((a) => a.text).join('\n'));
    const grants = answers.map((a) => a.json() as { accessToken: string; refreshToken: string });
    assert.equal(new Set(grants.map((g) => g.refreshToken)).size, 1, 'one child refresh token for every tab');
    assert.notEqual(grants[0].refreshToken, refreshToken);
    assert.equal(await liveTokens(familyId), 1, 'exactly one live token in the family');
    for (const grant of grants) assert.equal((await api.get('/api/v1/auth/ping', grant.accessToken)).status, 200, 'each access token works');
    assert.equal((await api.get('/api/v1/auth/ping', accessToken)).status, 200, 'the session was not revoked');
    const next = await api.refresh(grants[0].refreshToken);
    assert.equal(next.status, 200, `the child rotates on: ${next.text}`);
  });

  it('hostile - after the grace window the rotated token is reuse: REFRESH_TOKEN_REUSED, family revoked', async () => {
    const { refreshToken } = await api.signedInBuyer();
    const rotated = await api.refresh(refreshToken);
    assert.equal(rotated.status, 200, rotated.text);
    const rotatedAt = Date.now();
    const child = rotated.json().refreshToken as string;
    // within the window every retry answers the same child; the first answer past it is the verdict
    const verdict = await waitFor(async () => {
      const retry = await api.refresh(refreshToken);
      if (retry.status !== 200) return retry;
      assert.equal(retry.json().refreshToken, child, 'a retry within the window gets the same child');
      return undefined;
    }, { timeoutMs: (GRACE_SEC + 10) * 1000, intervalMs: 250, message: 'the grace window to end' });
    assert.ok(Date.now() - rotatedAt >= (GRACE_SEC - 1) * 1000, `refused ${Date.now() - rotatedAt} ms after the rotation`);
    assert.equal(verdict.status, 401, verdict.text);
    assert.equal(errorCode(verdict), 'REFRESH_TOKEN_REUSED');
    assert.equal(errorCode(await api.refresh(child)), 'INVALID_REFRESH_TOKEN', 'the family is revoked: the child dies too');
  });

  it('hostile - within the window, a token whose child was already rotated on is reuse', async () => {
    const { refreshToken: first } = await api.signedInBuyer();
    const second = (await api.refresh(first)).json().refreshToken as string;
    const third = await api.refresh(second);
    assert.equal(third.status, 200, third.text);
    const replay = await api.refresh(first);
    assert.equal(errorCode(replay), 'REFRESH_TOKEN_REUSED', replay.text);
    assert.equal(errorCode(await api.refresh(third.json().refreshToken)), 'INVALID_REFRESH_TOKEN', 'the family is revoked');
  });
});
