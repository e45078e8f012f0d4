// The REST API beside the hot path, on hyper-express: sales, tickets, health, metrics.
import HyperExpress from 'hyper-express';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { hasRole, type AccessTokenVerifier } from '../engine/auth/access-token-verifier.js';
import type { EngineConfig } from '../engine/config.js';
import { EngineError, errorBody, errorStatus, type ErrorCode } from '../engine/errors.js';
import { log } from '../engine/log.js';
import { httpRequests, registry } from '../engine/metrics.js';
import { createSale, getSale } from '../engine/sale/sale-store.js';
import { parsePublicTicket, publicTicket } from '../engine/sale/ticket-id.js';
import { findTicket } from '../engine/sale/ticket-status.js';
import { authenticate } from './authenticate.js';
import { parseBody, validateNewSale } from './schemas.js';

export interface RestDeps {
  config: EngineConfig;
  redis: Redis;
  db: pg.Pool;
  nc: NatsConnection;
  verifier: AccessTokenVerifier;
}

type Handler = (req: HyperExpress.Request, res: HyperExpress.Response) => Promise<void>;

function sendError(res: HyperExpress.Response, code: ErrorCode, message: string): void {
  res.status(errorStatus[code]).type('json').send(errorBody(code, message));
}

/** Wraps a handler: typed errors become their documented answer, anything else a logged 500. */
function route(name: string, handler: Handler): Handler {
  return async (req, res) => {
    try {
      await handler(req, res);
    } catch (err) {
      if (err instanceof EngineError) sendError(res, err.code, err.message);
      else {
        log('error', 'request failed', { route: name, err });
        sendError(res, 'INTERNAL', 'internal error');
      }
    }
    httpRequests.labels(name, String(res.statusCode ?? 200)).inc();
  };
}

function positiveId(text: string | undefined): number {
  const id = Number(text);
  if (!Number.isSafeInteger(id) || id < 1) throw new EngineError('NOT_FOUND', 'not found');
  return id;
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), ms)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The body as text; a chunked body (no content-length) is checked after reading. */
async function bodyText(req: HyperExpress.Request, limit: number): Promise<string> {
  const text = await req.text();
  if (Buffer.byteLength(text) > limit) throw new EngineError('PAYLOAD_TOO_LARGE', `body over ${limit} bytes`);
  return text;
}

export function registerRestRoutes(server: HyperExpress.Server, deps: RestDeps): void {
  const { config, redis, db, nc, verifier } = deps;
  const limit = config.http.restMaxBodyBytes;

  // hyper-express answers an empty 413 past its own (larger) cap; below it, ours answers in JSON
  server.use((req, res, next) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) sendError(res, 'PAYLOAD_TOO_LARGE', `body over ${limit} bytes`);
    else next();
  });

  server.post('/api/v1/admin/sales', route('create_sale', async (req, res) => {
    await authenticate(verifier, req.headers.authorization ?? '', 'admin');
    const input = parseBody(await bodyText(req, limit), validateNewSale);
    res.status(201).json(await createSale(db, redis, config.namespace, input));
  }));

  server.get('/api/v1/sales/:id', route('get_sale', async (req, res) => {
    res.json(await getSale(db, redis, config.namespace, positiveId(req.path_parameters.id)));
  }));

  server.get('/api/v1/tickets/:ticket', route('get_ticket', async (req, res) => {
    const principal = await authenticate(verifier, req.headers.authorization ?? '');
    const parsed = parsePublicTicket(req.path_parameters.ticket ?? '');
    if (!parsed) throw new EngineError('NOT_FOUND', 'ticket not found');
    const view = await findTicket(db, redis, config.namespace, parsed.saleId, parsed.ticketId);
    // someone else's ticket looks exactly like a missing one
    if (!view || (view.userId !== principal.userId && !hasRole(principal, 'admin'))) {
      throw new EngineError('NOT_FOUND', 'ticket not found');
    }
    res.json({ ticket: publicTicket(parsed.saleId, parsed.ticketId), status: view.status, ...(view.orderId ? { orderId: view.orderId } : {}) });
  }));

  server.get('/healthz', route('healthz', async (_req, res) => {
    res.json({ status: 'ok' });
  }));

  server.get('/readyz', route('readyz', async (_req, res) => {
    const checks = {
      redis: withTimeout(redis.ping(), 1000),
      nats: withTimeout(nc.flush(), 1000),
      postgres: withTimeout(db.query('SELECT 1'), 1000),
    };
    const results = await Promise.allSettled(Object.values(checks));
    const status = Object.fromEntries(Object.keys(checks).map((name, i) => [name, results[i].status === 'fulfilled' ? 'up' : 'down']));
    const ready = results.every((r) => r.status === 'fulfilled');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', checks: status });
  }));

  server.get('/metrics', route('metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  }));

  server.set_not_found_handler((_req, res) => sendError(res, 'NOT_FOUND', 'no such route'));
  server.set_error_handler((_req, res, err) => {
    log('error', 'unhandled request error', { err });
    sendError(res, 'INTERNAL', 'internal error');
  });
}
