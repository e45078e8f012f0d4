// Hostile finding 2 (issue #15): the account lockout must hold against guesses in flight at once. Each
// attempt is counted before its password is checked, so with a limit of 10, exactly 10 of 30 concurrent
// wrong passwords reach the hash (401) and the other 20 answer 423 without touching it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuthApi, errorCode } from '../support/auth-api.js';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';

const LIMIT = 10;

describe('hostile - login lockout under concurrency (integration)', () => {
  let fx: FlashSaleFixture;
  let api: AuthApi;

  before(async () => {
    fx = await FlashSaleFixture.start(['auth', 'edge'], { AUTH_LOCKOUT_FAILURES: String(LIMIT), AUTH_LOCKOUT_SEC: '60' });
    api = new AuthApi(fx.http);
  });
  after(() => fx?.close());

  it('hostile - 30 concurrent wrong passwords: exactly the limit is checked, the rest answer 423', async () => {
    const { email } = await api.signedInBuyer();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => api.login(email, `Wrong-Password-${i}`)));
    const codes = answers.map((a) => errorCode(a));
    assert.equal(codes.filter((c) => c === 'INVALID_CREDENTIALS').length, LIMIT, JSON.stringify(codes));
    assert.equal(codes.filter((c) => c === 'ACCOUNT_LOCKED').length, 30 - LIMIT);
    assert.ok(answers.every((a) => a.status === 401 || a.status === 423));
    // and the right password is refused while locked
    assert.equal(errorCode(await api.login(email)), 'ACCOUNT_LOCKED');
  });
});
