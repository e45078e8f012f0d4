// Open WebSocket connections per client IP of this edge process. A slot is taken at upgrade (before
// the token check awaits, so a burst cannot slip past) and given back on refusal, abort or close.
export class IpConnectionLimiter {
  private readonly counts = new Map<string, number>();

  constructor(private readonly maxPerIp: number) {}

  tryAcquire(ip: string): boolean {
    const count = this.counts.get(ip) ?? 0;
    if (count >= this.maxPerIp) return false;
    this.counts.set(ip, count + 1);
    return true;
  }

  release(ip: string): void {
    const count = this.counts.get(ip) ?? 0;
    if (count <= 1) this.counts.delete(ip);
    else this.counts.set(ip, count - 1);
  }
}
