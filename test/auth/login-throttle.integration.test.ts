// Login throttling: repeated wrong passwords lock the account (even against the right password)
// until the window ends; unknown accounts answer exactly like wrong passwords; per-IP limits.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { LoginThrottle } from '../../engine/auth/login-throttle.js';
import { loadConfig } from '../../engine/platform/config.js';
import { EngineError } from '../../engine/platform/errors.js';
import { AuthApi, errorCode, uniqueEmail } from '../support/auth-api.js';
import { waitFor } from '../support/eventually.js';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';

const LOCKOUT_SEC = 3;

describe('login throttling (integration)', () => {
  let fx: FlashSaleFixture;
  let api: AuthApi;

  before(async () => {
    fx = await FlashSaleFixture.start(['auth', 'edge'], { AUTH_LOCKOUT_FAILURES: '20', AUTH_LOCKOUT_SEC: String(LOCKOUT_SEC) });
    api = new AuthApi(fx.http);
  });
  after(() => fx?.close());

  it('auth - 20 wrong passwords lock the account, the right password is refused during the lockout, and works after it', async () => {
    const { email } = await api.signedInBuyer();
    for (let i = 1; i <= 20; i++) {
      const wrong = await api.login(email, `Wrong-Password-${i}`);
      assert.equal(errorCode(wrong), 'INVALID_CREDENTIALS', `attempt ${i}`);
    }
    const lockedAt = Date.now();
    const locked = await api.login(email);
    assert.equal(locked.status, 423, locked.text);
    assert.equal(errorCode(locked), 'ACCOUNT_LOCKED');

    await waitFor(async () => {
      const answer = await api.login(email);
      if (answer.status !== 200) assert.equal(errorCode(answer), 'ACCOUNT_LOCKED', answer.text);
      return answer.status === 200;
    }, { timeoutMs: (LOCKOUT_SEC + 10) * 1000, intervalMs: 250, message: 'the lockout to end' });
    assert.ok(Date.now() - lockedAt >= (LOCKOUT_SEC - 1) * 1000, 'the lockout lasted its window');
  });

  it('auth - an unknown account answers exactly like a wrong password, and locks the same way', async () => {
    const { email } = await api.signedInBuyer();
    const wrong = await api.login(email, 'Wrong-Password-1');
    const unknown = await api.login(uniqueEmail('nobody'), 'Wrong-Password-1');
    // the same answer but for its request id (each request's own, docs/http.md)
    const withoutId = (text: string) => text.replace(/,"requestId":"[^"]*"/, '');
    assert.deepEqual([unknown.status, withoutId(unknown.text)], [wrong.status, withoutId(wrong.text)]);
    assert.notEqual(unknown.json().error.requestId, undefined);
    const ghost = uniqueEmail('ghost');
    for (let i = 0; i < 20; i++) await api.login(ghost, 'Wrong-Password-1');
    assert.equal(errorCode(await api.login(ghost, 'Wrong-Password-1')), 'ACCOUNT_LOCKED');
  });
});

describe('login throttle per IP (integration, real Redis)', () => {
  const namespace = `t${randomBytes(5).toString('hex')}`;
  const config = loadConfig();
  const redis = new Redis(config.redisUrl);
  after(async () => {
    const keys = await redis.keys(`${namespace}:*`);
    if (keys.length > 0) await redis.unlink(...keys);
    redis.disconnect();
  });

  it('auth - attempts past the per-IP limit are RATE_LIMITED; other IPs are not affected', async () => {
    const auth = loadConfig({ AUTH_LOGIN_IP_LIMIT: '5', AUTH_LOGIN_IP_WINDOW_SEC: '60' }).auth;
    const throttle = new LoginThrottle(redis, namespace, auth, config.luaDir);
    for (let i = 0; i < 5; i++) await throttle.countAttempt('10.0.0.1');
    await assert.rejects(throttle.countAttempt('10.0.0.1'), (err: unknown) => err instanceof EngineError && err.code === 'RATE_LIMITED');
    await throttle.countAttempt('10.0.0.2');
  });

  it('auth - failures lock at the limit; clearing them (a successful login) unlocks', async () => {
    const throttle = new LoginThrottle(redis, namespace, loadConfig({ AUTH_LOCKOUT_FAILURES: '3' }).auth, config.luaDir);
    const email = 'someone@example.com';
    for (let i = 0; i < 3; i++) await throttle.reserveAttempt(email);
    await assert.rejects(throttle.reserveAttempt(email), (err: unknown) => err instanceof EngineError && err.code === 'ACCOUNT_LOCKED');
    await throttle.clearFailures(email);
    await throttle.reserveAttempt(email);
  });
});
