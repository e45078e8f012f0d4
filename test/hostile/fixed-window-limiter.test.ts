// The in-memory limiter behind the per-IP, per-user and per-user attempt limits.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FixedWindowLimiter } from '../../edge/http/fixed-window-limiter.js';

describe('fixed window limiter', () => {
  it('limiter - lets exactly perSecond requests of a key through per one-second window', () => {
    const limiter = new FixedWindowLimiter<string>(3);
    const at = (ms: number, key = 'a') => limiter.allow(key, ms);
    assert.deepEqual([at(1_000), at(1_100), at(1_999), at(1_999)], [true, true, true, false]);
    assert.equal(at(1_500, 'b'), true, 'another key has its own count');
    assert.deepEqual([at(2_000), at(2_001), at(2_002), at(2_003)], [true, true, true, false], 'a new window starts empty');
  });

  it('limiter - a limit of 0 is off', () => {
    const limiter = new FixedWindowLimiter<number>(0);
    assert.equal(limiter.enabled, false);
    for (let i = 0; i < 1_000; i++) assert.equal(limiter.allow(1, 5_000), true);
  });
});
