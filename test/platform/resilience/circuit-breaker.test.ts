// The breaker's state machine on a fake clock: when it opens, half-opens, closes and re-opens.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CircuitBreaker, type BreakerPolicy, type BreakerState } from '../../../engine/platform/resilience/circuit-breaker.js';

const policy = (overrides: Partial<BreakerPolicy> = {}): BreakerPolicy => ({
  failureThreshold: 3,
  failureRatio: 0,
  windowSize: 10,
  minimumCalls: 10,
  coolDownMs: 1_000,
  halfOpenTrials: 1,
  ...overrides,
});

function breakerOnClock(overrides: Partial<BreakerPolicy> = {}) {
  const clock = { now: 0 };
  const changes: BreakerState[] = [];
  const breaker = new CircuitBreaker(policy(overrides), (s) => changes.push(s), () => clock.now);
  const fail = () => breaker.onFailure(breaker.tryAcquire()!);
  const succeed = () => breaker.onSuccess(breaker.tryAcquire()!);
  return { clock, changes, breaker, fail, succeed };
}

test('circuit breaker - opens after N consecutive failures; a success in between resets the count', () => {
  const { breaker, fail, succeed, changes } = breakerOnClock();
  fail();
  fail();
  succeed();
  fail();
  fail();
  assert.equal(breaker.state, 'closed');
  fail();
  assert.equal(breaker.state, 'open');
  assert.equal(breaker.tryAcquire(), undefined);
  assert.deepEqual(changes, ['open']);
});

test('circuit breaker - opens when the failure ratio over the window reaches the limit', () => {
  const { breaker, fail, succeed } = breakerOnClock({ failureThreshold: 100, failureRatio: 0.5, windowSize: 10, minimumCalls: 10 });
  for (let i = 0; i < 4; i++) {
    succeed();
    fail();
  }
  succeed();
  assert.equal(breaker.state, 'closed', '4 of 9: too few calls and under the ratio');
  fail();
  assert.equal(breaker.state, 'open', '5 of 10');
});

test('circuit breaker - the ratio window slides: old failures drop out', () => {
  const { breaker, fail, succeed } = breakerOnClock({ failureThreshold: 100, failureRatio: 0.5, windowSize: 4, minimumCalls: 4 });
  fail();
  succeed();
  succeed();
  succeed(); // 1 of 4
  fail(); // the first failure drops out: 1 of 4
  succeed();
  fail(); // 2 of 4
  assert.equal(breaker.state, 'open');
});

test('circuit breaker - half-opens after the cool-down, admits limited trials, closes on success', () => {
  const { breaker, clock, fail, changes } = breakerOnClock({ halfOpenTrials: 2 });
  for (let i = 0; i < 3; i++) fail();
  clock.now = 999;
  assert.equal(breaker.tryAcquire(), undefined, 'still cooling down');
  assert.equal(breaker.retryAfterMs(), 1);
  clock.now = 1_000;
  const first = breaker.tryAcquire();
  const second = breaker.tryAcquire();
  assert.ok(first && second);
  assert.equal(breaker.state, 'half-open');
  assert.equal(breaker.tryAcquire(), undefined, 'only two trials at once');
  breaker.onSuccess(first);
  assert.equal(breaker.state, 'closed');
  breaker.onFailure(second); // a trial of the old state says nothing about the new one
  assert.equal(breaker.state, 'closed');
  assert.deepEqual(changes, ['open', 'half-open', 'closed']);
});

test('circuit breaker - a failed trial re-opens it for a whole new cool-down', () => {
  const { breaker, clock, fail } = breakerOnClock();
  for (let i = 0; i < 3; i++) fail();
  clock.now = 1_000;
  fail();
  assert.equal(breaker.state, 'open');
  clock.now = 1_999;
  assert.equal(breaker.tryAcquire(), undefined);
  clock.now = 2_000;
  assert.ok(breaker.tryAcquire());
  assert.equal(breaker.state, 'half-open');
});

test('circuit breaker - a slow call from before it opened cannot close it', () => {
  const { breaker, fail } = breakerOnClock();
  const slow = breaker.tryAcquire()!;
  for (let i = 0; i < 3; i++) fail();
  breaker.onSuccess(slow);
  assert.equal(breaker.state, 'open');
});
