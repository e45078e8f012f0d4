// The gateway's access token, cached until shortly before it expires. Concurrent callers that find no
// valid token share one in-flight token request, so a burst of payments asks for one token.
import type { PortOneToken } from './portone-wire.js';

export class AccessTokenCache {
  private cached: { token: string; renewAtMs: number } | undefined;
  private inFlight: Promise<string> | undefined;

  constructor(
    private readonly requestToken: () => Promise<PortOneToken>,
    private readonly refreshMarginSec: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(): Promise<string> {
    if (this.cached && this.now() < this.cached.renewAtMs) return Promise.resolve(this.cached.token);
    this.inFlight ??= this.refresh().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** The gateway refused `token` (it restarted, or revoked it): the next get() asks for a new one. */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async refresh(): Promise<string> {
    const answer = await this.requestToken();
    // lifetime by the gateway's own clock (expired_at - now), so clock skew between us does not matter
    const lifetimeMs = (answer.expired_at - answer.now) * 1000;
    this.cached = { token: answer.access_token, renewAtMs: this.now() + lifetimeMs - this.refreshMarginSec * 1000 };
    return answer.access_token;
  }
}
