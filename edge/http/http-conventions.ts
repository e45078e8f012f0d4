// What every answer of the edge carries (docs/http.md): its X-Request-Id, CORS headers for an allowed
// origin, and the client address resolved behind trusted proxies. One hyper-express middleware,
// registered before every other; the raw uWS hot path applies the same objects itself.
import type HyperExpress from 'hyper-express';
import type { EngineConfig } from '../../engine/platform/config.js';
import { ClientAddress, rateLimitKey } from '../../engine/platform/client-address.js';
import { CorsPolicy } from './cors.js';
import { REQUEST_ID_HEADER, requestIdOf } from './request-id.js';

export interface HttpConventions {
  cors: CorsPolicy;
  clientAddress: ClientAddress;
}

export function httpConventions(config: EngineConfig): HttpConventions {
  return { cors: new CorsPolicy(config.http.corsOrigins), clientAddress: new ClientAddress(config.http.trustedProxies) };
}

export function conventionsMiddleware({ cors, clientAddress }: HttpConventions) {
  return (req: HyperExpress.Request, res: HyperExpress.Response, next: () => void): void => {
    const requestId = requestIdOf(req.headers[REQUEST_ID_HEADER]);
    res.locals.requestId = requestId;
    res.header(REQUEST_ID_HEADER, requestId, true);
    req.locals.clientIp = clientAddress.resolve(req.ip, req.headers['x-forwarded-for'] ?? '');
    if (cors.enabled) {
      const origin = req.headers.origin ?? '';
      const write = (name: string, value: string) => void res.header(name, value, true);
      if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] && cors.writePreflight(origin, write)) {
        res.status(204).send();
        return;
      }
      cors.writeHeaders(origin, write);
    }
    next();
  };
}

/** The X-Request-Id of this answer (undefined before the middleware ran). */
export function requestIdOfAnswer(res: HyperExpress.Response): string | undefined {
  return res.locals.requestId as string | undefined;
}

/** The client's address: X-Forwarded-For's rightmost untrusted hop when the peer is a trusted proxy. */
export function clientIp(req: HyperExpress.Request): string {
  return (req.locals.clientIp as string | undefined) ?? req.ip;
}

/** The key per-IP limits count the client under: its IPv4 address, or its IPv6 /64. */
export function clientLimitKey(req: HyperExpress.Request): string {
  return rateLimitKey(clientIp(req));
}
