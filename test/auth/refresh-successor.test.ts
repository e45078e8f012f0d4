import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sealSuccessor, unsealSuccessor } from '../../engine/auth/refresh-successor.js';

test('auth - a sealed successor opens only with the rotated token it was sealed for', () => {
  const rotated = 'rt_rotated-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
  const child = 'rt_child-token-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
  const sealed = sealSuccessor(child, rotated);
  assert.ok(!sealed.includes(Buffer.from(child)), 'the child is not stored in clear');
  assert.equal(unsealSuccessor(sealed, rotated), child);
  assert.throws(() => unsealSuccessor(sealed, 'rt_another-token'));
  const tampered = Buffer.from(sealed);
  tampered[tampered.length - 1] ^= 1;
  assert.throws(() => unsealSuccessor(tampered, rotated));
  assert.notDeepEqual(sealSuccessor(child, rotated), sealed, 'a fresh IV per seal');
});
