// The edge's request limits besides the per-user attempt limit: per client IP on every HTTP route
// (the raw uWS hot path checks the same limiter), and per signed-in user on REST routes. Both answer
// 429 RATE_LIMITED; both are per edge process (see FixedWindowLimiter).
import type HyperExpress from 'hyper-express';
import { bearerToken, type AccessTokenVerifier } from '../../engine/auth/access-token-verifier.js';
import type { EngineConfig } from '../../engine/platform/config.js';
import { FixedWindowLimiter } from './fixed-window-limiter.js';
import { sendError } from './http-errors.js';

export interface EdgeRateLimits {
  ip: FixedWindowLimiter<string>;
  user: FixedWindowLimiter<number>;
}

export function edgeRateLimits(config: EngineConfig): EdgeRateLimits {
  return { ip: new FixedWindowLimiter(config.ipRateLimitPerSec), user: new FixedWindowLimiter(config.userRateLimitPerSec) };
}

/** hyper-express middleware, registered before everything else: a flood from one address costs a Map update. */
export function ipLimitMiddleware(limits: EdgeRateLimits) {
  return (req: HyperExpress.Request, res: HyperExpress.Response, next: () => void): void => {
    if (!limits.ip.enabled || limits.ip.allow(req.ip)) next();
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
    if (principal && !limits.user.allow(principal.userId)) sendError(res, 'RATE_LIMITED', 'too many requests from this user, slow down');
  };
}
