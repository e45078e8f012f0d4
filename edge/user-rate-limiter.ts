// Per-user request limit of one edge process: a fixed one-second window, kept in memory
// because it sits on the hot path. A new window starts with an empty map, so memory stays bounded.
export class UserRateLimiter {
  private window = 0;
  private counts = new Map<number, number>();

  constructor(private readonly perSecond: number) {}

  allow(userId: number, nowMs: number = Date.now()): boolean {
    const window = Math.floor(nowMs / 1000);
    if (window !== this.window) {
      this.window = window;
      this.counts = new Map();
    }
    const count = (this.counts.get(userId) ?? 0) + 1;
    this.counts.set(userId, count);
    return count <= this.perSecond;
  }
}
