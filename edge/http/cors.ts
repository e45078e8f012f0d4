// CORS by allow-list (CORS_ORIGINS, docs/http.md). An allowed origin gets its own origin echoed, the
// headers a client may read, and preflights answered 204; any other origin gets no CORS header at all,
// so the browser refuses the answer. With an empty list nothing is added.
export const CORS_ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE';
export const CORS_ALLOWED_HEADERS = 'Authorization, Content-Type, Idempotency-Key, X-Request-Id, traceparent';
export const CORS_EXPOSED_HEADERS = 'X-Request-Id, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, RateLimit-Policy';
/** how long a browser may cache a preflight answer */
export const CORS_MAX_AGE_SEC = '600';

export type HeaderWriter = (name: string, value: string) => void;

export class CorsPolicy {
  private readonly origins: ReadonlySet<string>;

  constructor(origins: readonly string[]) {
    this.origins = new Set(origins);
  }

  get enabled(): boolean {
    return this.origins.size > 0;
  }

  /** The headers of an actual (non-preflight) answer to `origin` ('' when the request had none). */
  writeHeaders(origin: string, write: HeaderWriter): void {
    if (!this.enabled) return;
    write('vary', 'Origin'); // the answer differs by origin: caches must key on it
    if (!this.origins.has(origin)) return;
    write('access-control-allow-origin', origin);
    write('access-control-expose-headers', CORS_EXPOSED_HEADERS);
  }

  /** A preflight from an allowed origin: writes its headers and returns true (answer 204); false otherwise. */
  writePreflight(origin: string, write: HeaderWriter): boolean {
    if (!this.enabled || !this.origins.has(origin)) return false;
    write('vary', 'Origin');
    write('access-control-allow-origin', origin);
    write('access-control-allow-methods', CORS_ALLOWED_METHODS);
    write('access-control-allow-headers', CORS_ALLOWED_HEADERS);
    write('access-control-max-age', CORS_MAX_AGE_SEC);
    return true;
  }
}
