// The edge's request limits besides the per-user attempt limit: per client IP on every HTTP route
// (the raw uWS hot path checks the same limiter), and per signed-in user on REST routes. Both answer
// 429 RATE_LIMITED with Retry-After; both are per edge process (see FixedWindowLimiter). Answers carry
// the tighter of the two as RateLimit-* headers (draft-ietf-httpapi-ratelimit-headers-06, docs/http.md).
import type HyperExpress from 'hyper-express';
import { bearerToken, type AccessTokenVerifier } from '../../engine/auth/access-token-verifier.js';
import type { EngineConfig } from '../../engine/platform/config.js';
import { FixedWindowLimiter } from './fixed-window-limiter.js';
import { clientLimitKey } from './http-conventions.js';
import { sendError } from './http-errors.js';

export interface EdgeRateLimits {
  ip: FixedWindowLimiter<string>;
  user: FixedWindowLimiter<number>;
}

export function edgeRateLimits(config: EngineConfig): EdgeRateLimits {
  return { ip: new FixedWindowLimiter(config.ipRateLimitPerSec), user: new FixedWindowLimiter(config.userRateLimitPerSec) };
}

/** seconds to the end of the current window: the windows are one second long */
export const RATE_LIMIT_RESET_SEC = '1';

/** Writes the RateLimit-* headers of a limit of `perSecond` with `left` requests left in its window. */
export function writeRateLimit(write: (name: string, value: string) => void, perSecond: number, left: number): void {
  write('ratelimit-limit', String(perSecond));
  write('ratelimit-remaining', String(Math.max(0, left)));
  write('ratelimit-reset', RATE_LIMIT_RESET_SEC);
  write('ratelimit-policy', `${perSecond};w=1`);
}

function headerWriter(res: HyperExpress.Response) {
  return (name: string, value: string) => void res.header(name, value, true);
}

/** hyper-express middleware, registered before everything else: a flood from one address costs a Map update. */
export function ipLimitMiddleware(limits: EdgeRateLimits) {
  return (req: HyperExpress.Request, res: HyperExpress.Response, next: () => void): void => {
    if (!limits.ip.enabled) return next();
    const left = limits.ip.take(clientLimitKey(req));
    res.locals.rateLimitLeft = left;
    writeRateLimit(headerWriter(res), limits.ip.perSecond, left);
    if (left >= 0) next();
    else sendError(res, 'RATE_LIMITED', 'too many requests from this address, slow down');
  };
}

/**
 * hyper-express middleware for the user of a valid bearer token. A token's first sight is verified
 * here, so the route's own check hits the verifier's cache; an invalid token is left for the route to
 * refuse with its documented 401.
 */
export function userLimitMiddleware(limits: EdgeRateLimits, verifier: AccessTokenVerifier) {
  return async (req: HyperExpress.Request, res: HyperExpress.Response): Promise<void> => {
    if (!limits.user.enabled) return;
    const token = bearerToken(req.headers.authorization);
    if (token === undefined) return;
    const principal = verifier.verifyCached(token) ?? (await verifier.verify(token).catch(() => undefined));
    if (!principal) return;
    const left = limits.user.take(principal.userId);
    if (left < ((res.locals.rateLimitLeft as number | undefined) ?? Number.POSITIVE_INFINITY)) writeRateLimit(headerWriter(res), limits.user.perSecond, left);
    if (left < 0) sendError(res, 'RATE_LIMITED', 'too many requests from this user, slow down');
  };
}
