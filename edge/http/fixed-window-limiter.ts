// Request limit of one edge process per key (user id, client IP): a fixed one-second window, kept in
// memory because it sits on the hot path. A new window starts with an empty map, so memory stays
// bounded by the keys seen in one second. A limit of 0 turns it off.
export class FixedWindowLimiter<K> {
  private window = 0;
  private counts = new Map<K, number>();

  constructor(readonly perSecond: number) {}

  get enabled(): boolean {
    return this.perSecond > 0;
  }

  /** Counts one request of `key`: the requests left in this window, negative when this one is over the limit. */
  take(key: K, nowMs: number = Date.now()): number {
    if (this.perSecond <= 0) return Number.POSITIVE_INFINITY;
    const window = Math.floor(nowMs / 1000);
    if (window !== this.window) {
      this.window = window;
      this.counts = new Map();
    }
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    return this.perSecond - count;
  }

  allow(key: K, nowMs: number = Date.now()): boolean {
    return this.take(key, nowMs) >= 0;
  }
}
