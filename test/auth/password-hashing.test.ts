// Password hashing in piscina threads, and the strength policy.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { loadConfig } from '../../engine/platform/config.js';
import { createPasswordHasher, hashPasswordSync, needsRehash, verifyPasswordSync } from '../../engine/auth/password-hashing.js';
import { assertStrongPassword } from '../../engine/auth/password-policy.js';
import { EngineError } from '../../engine/platform/errors.js';

describe('password hashing', () => {
  const hasher = createPasswordHasher(loadConfig({ AUTH_SCRYPT_COST: '1024', AUTH_HASH_THREADS: '2' }).auth);
  after(() => hasher.close());

  it('auth - hashes in the pool verify the right password only, with a fresh salt each time', async () => {
    const [a, b] = await Promise.all([hasher.hash('Correct-Horse-9'), hasher.hash('Correct-Horse-9')]);
    assert.match(a, /^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    assert.notEqual(a, b);
    assert.equal(await hasher.verify('Correct-Horse-9', a), true);
    assert.equal(await hasher.verify('Correct-Horse-8', a), false);
    assert.equal(verifyPasswordSync('Correct-Horse-9', b), true, 'the pool and the calling thread agree');
  });

  it('auth - a hash keeps its own cost, so raising the cost later does not break stored hashes', async () => {
    const old = hashPasswordSync('Correct-Horse-9', 512);
    assert.equal(await hasher.verify('Correct-Horse-9', old), true);
  });

  it('auth - production hashes at OWASP\'s minimum, N = 2^17, r = 8, p = 1; hashes of other parameters need a rehash', () => {
    assert.equal(loadConfig({}).auth.scryptCost, 2 ** 17);
    const current = hashPasswordSync('Correct-Horse-9', 1024);
    assert.equal(needsRehash(current, 1024), false);
    assert.equal(needsRehash(current, 2 ** 17), true, 'a lower cost');
    assert.equal(needsRehash(hashPasswordSync('Correct-Horse-9', 2048), 1024), true, 'any other cost');
    assert.equal(needsRehash(current.replace('$8$1$', '$4$1$'), 1024), true, 'another block size');
    assert.equal(needsRehash('bcrypt$x', 1024), true, 'another scheme');
  });

  it('auth - malformed stored hashes never match', async () => {
    for (const stored of ['', 'scrypt$', 'bcrypt$1$2$3$4$5', 'scrypt$1024$8$1$c2FsdA$']) assert.equal(await hasher.verify('x', stored), false, stored);
  });

  it('auth - past threads + AUTH_HASH_QUEUE_MAX computations in flight, the pool answers AUTH_BUSY at once', async () => {
    const bounded = createPasswordHasher(loadConfig({ AUTH_SCRYPT_COST: '1024', AUTH_HASH_THREADS: '1', AUTH_HASH_QUEUE_MAX: '1' }).auth);
    try {
      const busy = (err: unknown) => err instanceof EngineError && err.code === 'AUTH_BUSY' && err.retryAfterSec === 1;
      const [first, second, third] = [bounded.hash('Correct-Horse-9'), bounded.hash('Correct-Horse-9'), bounded.hash('Correct-Horse-9')];
      await assert.rejects(third, busy);
      assert.throws(() => bounded.assertCapacity(), busy);
      await Promise.all([first, second]);
      bounded.assertCapacity(); // free again
      assert.equal(await bounded.verify('Correct-Horse-9', await first), true);
    } finally {
      await bounded.close();
    }
  });

  it('auth - the strength policy', () => {
    const weak = (password: string, email = 'kim@example.com') =>
      assert.throws(() => assertStrongPassword(password, email), (err: unknown) => err instanceof EngineError && err.code === 'WEAK_PASSWORD', password);
    weak('Short-1');
    weak('onlylowercaseletters');
    weak('lowercase1234567');
    weak('x'.repeat(129) + 'A1');
    weak('kimkim-Password-1');
    assertStrongPassword('Correct-Horse-9', 'kim@example.com');
    assertStrongPassword('correct horse 9 battery', 'kim@example.com');
  });
});
