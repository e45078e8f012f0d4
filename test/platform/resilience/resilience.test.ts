// The resilience wrapper with real (small) timers: which errors are retried, how the backoff grows,
// timeouts that abort the call, the breaker failing fast without pile-up, fallback and metrics.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { EngineError } from '../../../engine/platform/errors.js';
import { registry } from '../../../engine/platform/metrics.js';
import {
  CircuitOpenError,
  RemoteCaller,
  RemoteTimeoutError,
  RetryableError,
  backoffDelayMs,
  callRemote,
  isRetryable,
  type RemotePolicy,
} from '../../../engine/platform/resilience/resilience.js';

let targets = 0;
const uniqueTarget = () => `test-target-${++targets}`;

const policy = (overrides: Partial<RemotePolicy> = {}): RemotePolicy => ({
  timeoutMs: 200,
  retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 50 },
  breaker: { failureThreshold: 3, failureRatio: 0, windowSize: 10, minimumCalls: 10, coolDownMs: 150, halfOpenTrials: 1 },
  ...overrides,
});
const noRetry = (overrides: Partial<RemotePolicy> = {}) => policy({ retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 }, ...overrides });

const transient = () => new RetryableError('503 from the remote');
const failing = (err: () => Error) => async () => {
  throw err();
};

async function seriesValue(name: string, labels: Record<string, string>): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const match = metric?.values.find((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val));
  return match?.value ?? 0;
}

test('resilience - retryable errors are retried until success', async () => {
  const caller = new RemoteCaller(uniqueTarget(), policy());
  let calls = 0;
  const value = await caller.call(async () => {
    if (++calls < 3) throw transient();
    return 'answer';
  });
  assert.equal(value, 'answer');
  assert.equal(calls, 3);
});

test('resilience - retries stop after maxAttempts with the last error', async () => {
  const caller = new RemoteCaller(uniqueTarget(), policy({ breaker: { ...policy().breaker, failureThreshold: 100 } }));
  let calls = 0;
  await assert.rejects(
    caller.call(async () => {
      calls++;
      throw transient();
    }),
    RetryableError,
  );
  assert.equal(calls, 3);
});

test('resilience - non-retryable errors (4xx, declines) are not retried', async () => {
  const caller = new RemoteCaller(uniqueTarget(), policy());
  let calls = 0;
  const declined = new EngineError('PAYMENT_DECLINED', 'card declined');
  await assert.rejects(
    caller.call(async () => {
      calls++;
      throw declined;
    }),
    (err) => err === declined,
  );
  assert.equal(calls, 1);
  assert.equal(isRetryable(declined), false);
  assert.equal(isRetryable(new RemoteTimeoutError('x', 1)), true);
  assert.equal(isRetryable(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })), true);
});

test('resilience - backoff is exponential with full jitter inside its bounds', async () => {
  const retry = { maxAttempts: 6, baseDelayMs: 20, maxDelayMs: 100 };
  assert.deepEqual([1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, retry, () => 0)), [0, 0, 0, 0, 0]);
  assert.deepEqual([1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, retry, () => 0.9999)), [19, 39, 79, 99, 99]);
  for (let n = 1; n <= 5; n++) {
    const ceiling = Math.min(100, 20 * 2 ** (n - 1));
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelayMs(n, retry);
      assert.ok(delay >= 0 && delay < ceiling, `retry ${n}: ${delay} outside [0, ${ceiling})`);
    }
  }
  // the real waits between attempts follow the same ceilings (random pinned near 1)
  const caller = new RemoteCaller(uniqueTarget(), policy({ retry: { maxAttempts: 4, baseDelayMs: 25, maxDelayMs: 1_000 }, random: () => 0.9999, breaker: { ...policy().breaker, failureThreshold: 100 } }));
  const at: number[] = [];
  await assert.rejects(
    caller.call(async () => {
      at.push(performance.now());
      throw transient();
    }),
  );
  const gaps = at.slice(1).map((t, i) => t - at[i]);
  assert.equal(gaps.length, 3);
  [24, 49, 99].forEach((expected, i) => assert.ok(gaps[i] >= expected - 2 && gaps[i] < expected + 1_000, `gap ${i + 1}: ${gaps[i]} ms, expected about ${expected}`));
});

test('resilience - a timeout aborts the attempt signal and rejects even when fn ignores it', async () => {
  const caller = new RemoteCaller(uniqueTarget(), noRetry({ timeoutMs: 50 }));
  let seen: AbortSignal | undefined;
  const started = Date.now();
  await assert.rejects(
    caller.call(
      (signal) =>
        new Promise((_, reject) => {
          seen = signal;
          signal.addEventListener('abort', () => reject(new Error('aborted by the wrapper')));
        }),
    ),
    RemoteTimeoutError,
  );
  assert.ok(Date.now() - started >= 45);
  assert.equal(seen?.aborted, true);
  assert.ok(seen?.reason instanceof RemoteTimeoutError);
  await assert.rejects(
    caller.call(() => new Promise(() => {})),
    (err) => err instanceof RemoteTimeoutError && err.code === 'REMOTE_TIMEOUT' && err.status === 504,
  );
});

test('resilience - an open breaker fails 100 concurrent calls fast without calling the remote', async () => {
  const caller = new RemoteCaller(uniqueTarget(), noRetry({ breaker: { ...policy().breaker, coolDownMs: 10_000 } }));
  for (let i = 0; i < 3; i++) await assert.rejects(caller.call(failing(transient)));
  assert.equal(caller.state, 'open');
  let calls = 0;
  const started = performance.now();
  const outcomes = await Promise.allSettled(
    Array.from({ length: 100 }, () =>
      caller.call(async () => {
        calls++;
        return 1;
      }),
    ),
  );
  assert.ok(performance.now() - started < 200, 'no call waited for a timeout');
  assert.equal(calls, 0);
  assert.equal(outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof CircuitOpenError).length, 100);
  const err = (outcomes[0] as PromiseRejectedResult).reason as CircuitOpenError;
  assert.equal(err.code, 'CIRCUIT_OPEN');
  assert.equal(err.status, 503);
  assert.ok(err.retryAfterMs > 9_000 && err.retryAfterMs <= 10_000, `retry after ${err.retryAfterMs} ms`);
  assert.equal(err.retryAfterSec, 10, 'the Retry-After an edge answers: the cool-down left, in whole seconds');
});

test('resilience - an open breaker stops the retries of a call in progress', async () => {
  const caller = new RemoteCaller(uniqueTarget(), policy({ retry: { maxAttempts: 10, baseDelayMs: 1, maxDelayMs: 1 } }));
  let calls = 0;
  await assert.rejects(
    caller.call(async () => {
      calls++;
      throw transient();
    }),
    CircuitOpenError,
  );
  assert.equal(calls, 3, 'the breaker opened after three failures; the fourth attempt failed fast');
});

test('resilience - half-open after the cool-down: one trial at a time, success closes', async () => {
  const caller = new RemoteCaller(uniqueTarget(), noRetry());
  for (let i = 0; i < 3; i++) await assert.rejects(caller.call(failing(transient)));
  await sleep(200);
  let release!: () => void;
  const trial = caller.call(() => new Promise<string>((resolve) => (release = () => resolve('ok'))));
  assert.equal(caller.state, 'half-open');
  let calls = 0;
  const others = await Promise.allSettled(
    Array.from({ length: 10 }, () =>
      caller.call(async () => {
        calls++;
        return 'x';
      }),
    ),
  );
  assert.equal(calls, 0);
  assert.ok(others.every((o) => o.status === 'rejected' && o.reason instanceof CircuitOpenError));
  release();
  assert.equal(await trial, 'ok');
  assert.equal(caller.state, 'closed');
  assert.equal(await caller.call(async () => 'after'), 'after');
});

test('resilience - a failed half-open trial re-opens the breaker', async () => {
  const caller = new RemoteCaller(uniqueTarget(), noRetry());
  for (let i = 0; i < 3; i++) await assert.rejects(caller.call(failing(transient)));
  await sleep(200);
  await assert.rejects(caller.call(failing(transient)), RetryableError);
  assert.equal(caller.state, 'open');
  await assert.rejects(caller.call(async () => 'never'), CircuitOpenError);
});

test('resilience - business refusals do not open the breaker', async () => {
  const caller = new RemoteCaller(uniqueTarget(), noRetry());
  for (let i = 0; i < 10; i++) await assert.rejects(caller.call(failing(() => new EngineError('PAYMENT_DECLINED', 'no'))));
  assert.equal(caller.state, 'closed');
});

test('resilience - the fallback answers when the call fails or the breaker is open', async () => {
  const target = uniqueTarget();
  const fallback = (err: unknown) => (err instanceof CircuitOpenError ? 'cached (open)' : 'cached');
  assert.equal(await callRemote(target, failing(transient), noRetry(), { fallback }), 'cached');
  for (let i = 0; i < 2; i++) await callRemote(target, failing(transient), noRetry(), { fallback });
  assert.equal(await callRemote(target, async () => 'live', noRetry(), { fallback }), 'cached (open)');
});

test('resilience - metrics count outcomes and show the breaker state', async () => {
  const target = uniqueTarget();
  const caller = new RemoteCaller(target, noRetry({ timeoutMs: 30 }));
  assert.equal(await seriesValue('gopang_circuit_breaker_state', { target }), 0);
  await caller.call(async () => 'ok');
  await assert.rejects(caller.call(failing(transient)));
  await assert.rejects(caller.call(() => new Promise(() => {})));
  await assert.rejects(caller.call(failing(transient)));
  await assert.rejects(caller.call(async () => 'x'), CircuitOpenError);
  assert.equal(await seriesValue('gopang_remote_calls_total', { target, outcome: 'ok' }), 1);
  assert.equal(await seriesValue('gopang_remote_calls_total', { target, outcome: 'error' }), 2);
  assert.equal(await seriesValue('gopang_remote_calls_total', { target, outcome: 'timeout' }), 1);
  assert.equal(await seriesValue('gopang_remote_calls_total', { target, outcome: 'rejected_open' }), 1);
  assert.equal(await seriesValue('gopang_circuit_breaker_state', { target }), 2);
  const durations = (await registry.getMetricsAsJSON()).find((m) => m.name === 'gopang_remote_call_duration_seconds');
  const count = durations?.values.find((v) => v.labels.target === target && (v as { metricName?: string }).metricName === 'gopang_remote_call_duration_seconds_count');
  assert.equal(count?.value, 4, 'fast failures are not timed');
});
