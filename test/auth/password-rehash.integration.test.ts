// A stored password hash made with older scrypt parameters is replaced by one of the current parameters
// at the account's next successful login (issue #15 finding 4). The auth module runs at the production
// cost, N = 2^17; the account's hash is one of the old default, N = 2^14.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_SCRYPT_COST } from '../../engine/auth/auth-config.js';
import { hashPasswordSync } from '../../engine/auth/password-hashing.js';
import { AuthApi, STRONG_PASSWORD, uniqueEmail } from '../support/auth-api.js';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';

const PRODUCTION_COST = DEFAULT_SCRYPT_COST;
const OLD_COST = 2 ** 14;

describe('auth - password hashes follow the configured cost (integration)', () => {
  let fx: FlashSaleFixture;
  let api: AuthApi;

  before(async () => {
    fx = await FlashSaleFixture.start(['auth', 'edge'], { AUTH_SCRYPT_COST: String(PRODUCTION_COST) });
    api = new AuthApi(fx.http);
  });
  after(() => fx?.close());

  const storedHash = async (email: string) =>
    (await fx.db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE email = $1', [email])).rows[0]!.password_hash;

  it('auth - a login with a hash of older parameters stores one of the current parameters; a wrong password changes nothing', async () => {
    const email = uniqueEmail('rehash');
    assert.equal((await api.registerBuyer(email)).status, 201);
    assert.match(await storedHash(email), new RegExp(`^scrypt\\$${PRODUCTION_COST}\\$8\\$1\\$`), 'new accounts hash at the configured cost');
    const old = hashPasswordSync(STRONG_PASSWORD, OLD_COST);
    await fx.db.query('UPDATE users SET password_hash = $2 WHERE email = $1', [email, old]);

    assert.equal((await api.login(email, 'Wrong-Password-1')).status, 401);
    assert.equal(await storedHash(email), old, 'a wrong password upgrades nothing');

    assert.equal((await api.login(email)).status, 200);
    const upgraded = await storedHash(email);
    assert.match(upgraded, new RegExp(`^scrypt\\$${PRODUCTION_COST}\\$8\\$1\\$`));

    assert.equal((await api.login(email)).status, 200, 'the upgraded hash verifies');
    assert.equal(await storedHash(email), upgraded, 'a current hash is kept');
  });
});
