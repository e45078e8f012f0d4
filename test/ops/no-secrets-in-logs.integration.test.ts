// Logs never contain a token, a password or an Idempotency-Key, even at info level where every
// request is logged: the auth and sale flows run and every role's output is searched.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuthApi, STRONG_PASSWORD, uniqueEmail } from '../support/auth-api.js';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';

describe('logs (integration)', () => {
  let fx: FlashSaleFixture;
  before(async () => {
    fx = await FlashSaleFixture.start(['auth', 'edge', 'worker'], { REQUEST_LOG_LEVEL: 'info' });
  });
  after(async () => {
    await fx?.close();
  });

  it('logs - no token, password or Idempotency-Key is ever written', async () => {
    const auth = new AuthApi(fx.http);
    const email = uniqueEmail('logs');
    const grant = await auth.signedInBuyer(email);
    const wrongPassword = 'Wrong-Password-77';
    assert.equal((await auth.login(email, wrongPassword)).status, 401);
    const refreshed = await auth.refresh(grant.refreshToken);
    assert.equal(refreshed.status, 200);
    assert.equal((await auth.refresh(grant.refreshToken)).status, 200, 'a retry within the reuse grace window');
    const rotatedOn = await auth.refresh(refreshed.json().refreshToken);
    assert.equal(rotatedOn.status, 200);
    assert.equal((await auth.refresh(grant.refreshToken)).status, 401, 'reuse of the rotated token');

    const saleId = await fx.createSale({ stock: 5, perUserLimit: 1 });
    const devToken = await fx.token(4242, 'buyer');
    const idempotencyKey = 'idem-key-that-must-stay-secret-9f2c';
    assert.equal((await fx.attempt(saleId, devToken, idempotencyKey)).status, 202);
    assert.equal((await fx.attempt(saleId, 'not.a.valid-token', 'another-secret-key-77')).status, 401);

    const output = [...fx.roles.values()].map((role) => role.output()).join('\n');
    assert.match(output, /"msg":"request"/, 'requests were logged at all');
    const secrets = {
      password: STRONG_PASSWORD,
      wrongPassword,
      accessToken: grant.accessToken,
      refreshToken: grant.refreshToken,
      rotatedRefreshToken: refreshed.json().refreshToken,
      rotatedOnRefreshToken: rotatedOn.json().refreshToken,
      devToken,
      idempotencyKey,
      forgedToken: 'not.a.valid-token',
      forgedKey: 'another-secret-key-77',
    };
    for (const [name, secret] of Object.entries(secrets)) assert.ok(!output.includes(secret), `${name} leaked into the logs`);
  });
});
