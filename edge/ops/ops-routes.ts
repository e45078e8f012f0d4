// Health, readiness, metrics, and the answers for unknown routes and body limits.
import { errorStatus } from '../../engine/platform/errors.js';
import { log } from '../../engine/platform/log.js';
import { registry } from '../../engine/platform/metrics.js';
import { checkReadiness } from '../../engine/platform/readiness.js';
import type { EdgeContext } from '../edge-context.js';
import { authenticate } from '../http/authenticate.js';
import { route, sendError } from '../http/http-errors.js';
import { openApiDocument } from '../openapi/openapi-document.js';
import { ipLimitMiddleware, userLimitMiddleware } from '../http/rate-limits.js';

/** Registered first: its middlewares (rate limits, body cap) guard every REST route. */
export function opsRoutes({ config, server, redis, nc, db, limits, verifier }: EdgeContext): void {
  server.use(ipLimitMiddleware(limits));
  const limit = config.http.restMaxBodyBytes;
  // hyper-express answers an empty 413 past its own (larger) cap; below it, ours answers in JSON
  // a route that declares its own max_body_length (uploads, batch intake) is held to that one instead
  server.use((req, res, next) => {
    // `route` is set by hyper-express at runtime but missing from its typings
    const { route: matched } = req as unknown as { route?: { options?: { max_body_length?: number } } };
    const routeLimit = matched?.options?.max_body_length ?? limit;
    if (Number(req.headers['content-length'] ?? 0) > routeLimit) sendError(res, 'PAYLOAD_TOO_LARGE', `body over ${routeLimit} bytes`);
    else next();
  });
  // after the body cap: a body refused anyway costs no token verification
  server.use(userLimitMiddleware(limits, verifier));

  server.get('/healthz', route('healthz', async (_req, res) => {
    res.json({ status: 'ok' });
  }));

  server.get('/readyz', route('readyz', async (_req, res) => {
    const { ready, checks } = await checkReadiness({ redis, nc, db });
    res.status(ready ? 200 : errorStatus.UNAVAILABLE).json({ status: ready ? 'ready' : 'not_ready', checks });
  }));

  // route names, counts and process figures are not for the public: on the API port an admin reads them,
  // Prometheus scrapes the edge's own metrics port (METRICS_PORT_BASE + 100 + EDGE_INDEX)
  server.get('/metrics', route('metrics', async (req, res) => {
    await authenticate(verifier, req.headers.authorization ?? '', 'admin');
    res.type(registry.contentType).send(await registry.metrics());
  }));

  const openapi = JSON.stringify(openApiDocument());
  server.get('/api/v1/openapi.json', route('openapi', async (_req, res) => {
    res.type('json').send(openapi);
  }));

  server.set_not_found_handler((_req, res) => sendError(res, 'NOT_FOUND', 'no such route'));
  server.set_error_handler((_req, res, err) => {
    log('error', 'unhandled request error', { err });
    sendError(res, 'INTERNAL', 'internal error');
  });
}
