// A Bloom filter over strings: "certainly not in the set" or "maybe in it", in about 10 bits per entry at a
// 1 % false-positive rate. The sold-out memory keeps one per sold-out sale over its admitted attempts, so
// an edge answers new attempts from memory and asks Redis only for the (rare) possible replays.
import { fnv1a } from './messaging/partitioning.js';

const SECOND_BASIS = 0x9747b28c;

export class BloomFilter {
  private readonly bits: Uint32Array;
  private readonly size: number;
  private readonly hashes: number;

  constructor(expectedEntries: number, falsePositiveRate = 0.01) {
    const n = Math.max(1, expectedEntries);
    this.size = Math.max(64, Math.ceil((-n * Math.log(falsePositiveRate)) / Math.LN2 ** 2));
    this.hashes = Math.max(1, Math.round((this.size / n) * Math.LN2));
    this.bits = new Uint32Array(Math.ceil(this.size / 32));
  }

  add(key: string): void {
    this.forEachPosition(key, (bit) => (this.bits[bit >>> 5] |= 1 << (bit & 31)));
  }

  mightContain(key: string): boolean {
    let all = true;
    this.forEachPosition(key, (bit) => (all &&= (this.bits[bit >>> 5] & (1 << (bit & 31))) !== 0));
    return all;
  }

  /** Double hashing (Kirsch–Mitzenmacher): position i = h1 + i·h2. */
  private forEachPosition(key: string, visit: (bit: number) => void): void {
    const h1 = fnv1a(key);
    const h2 = fnv1a(key, SECOND_BASIS) | 1;
    for (let i = 0; i < this.hashes; i++) visit(((h1 + Math.imul(i, h2)) >>> 0) % this.size);
  }
}
