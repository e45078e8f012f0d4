// The premise: when the auth module dies, tokens keep verifying at the edge; only the operations
// that need the auth module answer 503 AUTH_UNAVAILABLE, and they recover when it is back.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuthApi, errorCode } from '../support/auth-api.js';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';

describe('auth outage (integration)', () => {
  let fx: FlashSaleFixture;
  let api: AuthApi;

  before(async () => {
    fx = await FlashSaleFixture.start(['auth', 'edge'], { AUTH_REQUEST_TIMEOUT_MS: '500' });
    api = new AuthApi(fx.http);
  });
  after(() => fx?.close());

  it('auth - with the auth module killed, 1,000 requests with valid tokens all succeed and login answers 503 AUTH_UNAVAILABLE', async () => {
    const users = await Promise.all(Array.from({ length: 5 }, () => api.signedInBuyer()));
    const admin = await fx.token(1, 'admin');
    await fx.roles.get('auth')!.kill9();
    fx.roles.delete('auth');

    const answers = await Promise.all(
      Array.from({ length: 1_000 }, (_, i) => api.get('/api/v1/auth/ping', users[i % users.length]!.accessToken)),
    );
    const statuses = new Map<number, number>();
    for (const a of answers) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
    assert.deepEqual([...statuses], [[200, 1_000]]);
    assert.equal(answers[7]!.json().sub, (await api.get('/api/v1/auth/ping', users[2]!.accessToken)).json().sub);

    // a route of another domain keeps authorizing with the admin's token
    const sale = await fx.createSale({ stock: 5, perUserLimit: 1 });
    assert.ok(sale > 0 && admin.length > 0);
    assert.equal((await api.get('/.well-known/jwks.json')).status, 200);

    for (const answer of [await api.login(users[0]!.email), await api.refresh(users[0]!.refreshToken), await api.get('/api/v1/auth/userinfo', users[0]!.accessToken)]) {
      assert.equal(answer.status, 503, answer.text);
      assert.equal(errorCode(answer), 'AUTH_UNAVAILABLE');
    }

    await fx.startRole('auth');
    assert.equal((await api.login(users[0]!.email)).status, 200);
  });
});
