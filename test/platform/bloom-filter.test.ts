// The Bloom filter never forgets what it was given, and its false positives stay near the rate it was sized for.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BloomFilter } from '../../engine/platform/bloom-filter.js';

describe('bloom filter', () => {
  it('bloom filter - every added key is reported, and about 1% of others', () => {
    const filter = new BloomFilter(50_000, 0.01);
    for (let i = 0; i < 50_000; i++) filter.add(`7:key-${i}`);
    for (let i = 0; i < 50_000; i++) assert.ok(filter.mightContain(`7:key-${i}`));
    let falsePositives = 0;
    for (let i = 0; i < 100_000; i++) if (filter.mightContain(`8:other-${i}`)) falsePositives++;
    assert.ok(falsePositives < 2_000, `${falsePositives} false positives in 100,000`);
  });
});
