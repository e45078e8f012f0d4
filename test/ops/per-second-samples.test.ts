// The load generator's per-second samples: answers per second and latency percentiles from ~2 %-wide buckets.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PerSecondSamples } from '../../bench/support/per-second-samples.js';

test('per-second samples - percentiles within one bucket (~2 %) of the exact values, counts exact', () => {
  const s = new PerSecondSamples();
  s.start(0);
  for (let ms = 1; ms <= 100; ms++) s.record(ms, ms <= 95 ? 202 : 409);
  s.close(1_000);
  s.record(0.3, 200);
  const samples = s.stop(1_500);
  assert.equal(samples.length, 2);
  const [first, last] = samples;
  assert.deepEqual([first.atSec, first.durationSec, first.answers, first.non2xx, first.maxMs], [1, 1, 100, 5, 100]);
  assert.ok(first.p50Ms >= 50 && first.p50Ms <= 50 * 1.025, `p50 ${first.p50Ms}`);
  assert.ok(first.p99Ms >= 99 && first.p99Ms <= 100, `p99 ${first.p99Ms}`);
  assert.deepEqual([last.atSec, last.durationSec, last.answers, last.non2xx], [1.5, 0.5, 1, 0]);
  assert.ok(last.p50Ms >= 0.3 && last.p50Ms <= 0.31, `p50 ${last.p50Ms}`);
});

test('per-second samples - a second without answers is a zero sample; an empty short tail is dropped', () => {
  const s = new PerSecondSamples();
  s.start(0);
  s.close(1_000);
  const samples = s.stop(1_050);
  assert.deepEqual(samples, [{ atSec: 1, durationSec: 1, answers: 0, non2xx: 0, p50Ms: 0, p99Ms: 0, maxMs: 0 }]);
});
