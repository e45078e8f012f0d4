// Flash sales: the raw-uWS attempt hot path, plus sale creation/reading and ticket status on REST.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { defineSaleScripts } from '../../engine/sale/admission.js';
import { AdmissionBatcher } from '../../engine/sale/admission-batcher.js';
import { createSale, getSale } from '../../engine/sale/sale-store.js';
import { ensureWorkQueueStream } from '../../engine/platform/messaging/work-queue-stream.js';
import { saleQueue } from '../../engine/sale/sale-queue.js';
import { TicketPublisher } from '../../engine/sale/ticket-publisher.js';
import { readTicket } from '../../engine/sale/ticket-status.js';
import { registerAttemptRoute } from './attempt-route.js';
import { authorize } from '../http/auth-permission.js';
import { authenticate } from '../http/authenticate.js';
import type { EdgeContext } from '../edge-context.js';
import { bodyText, positiveId, route } from '../http/http-errors.js';
import { parseBody, validateNewSale } from '../http/schemas.js';
import { SoldOutRegistry } from '../../engine/sale/sold-out-registry.js';
import { SaleStockPush } from '../../engine/sale/sale-stock-push.js';
import { FixedWindowLimiter } from '../http/fixed-window-limiter.js';

export async function saleRoutes(ctx: EdgeContext): Promise<void> {
  const { config, server, redis, db, nc, verifier } = ctx;
  defineSaleScripts(redis, config.luaDir);
  await ensureWorkQueueStream(await jetstreamManager(nc), saleQueue, config.namespace, config.natsStreamReplicas);
  const publisher = new TicketPublisher(jetstream(nc), config);
  const soldOut = new SoldOutRegistry(redis, nc, config.namespace);
  soldOut.start();
  const stockPush = new SaleStockPush(redis, nc, config.namespace, config.push.saleStockIntervalMs);
  stockPush.start();
  ctx.onStop(async () => {
    await publisher.drain();
    soldOut.stop();
    await stockPush.stop();
  });

  registerAttemptRoute(server.uws_instance, {
    config,
    verifier,
    sale: {
      redis,
      db,
      namespace: config.namespace,
      admission: new AdmissionBatcher(redis, config.namespace, config.idempotencyTtlSec),
      publisher,
      soldOut,
      stockPush,
    },
    rateLimiter: new FixedWindowLimiter(config.attemptRateLimitPerSec),
    ipLimiter: ctx.limits.ip,
    conventions: ctx.conventions,
  });

  server.post('/api/v1/admin/sales', route('create_sale', async (req, res) => {
    await authorize(verifier, req.headers.authorization ?? '', 'sale:create');
    const input = parseBody(await bodyText(req, config.http.restMaxBodyBytes), validateNewSale);
    res.status(201).json(await createSale(db, redis, config.namespace, config.idempotencyTtlSec, input));
  }));

  server.get('/api/v1/sales/:id', route('get_sale', async (req, res) => {
    res.json(await getSale(db, redis, config.namespace, positiveId(req.path_parameters.id)));
  }));

  server.get('/api/v1/tickets/:ticket', route('get_ticket', async (req, res) => {
    const principal = await authenticate(verifier, req.headers.authorization ?? '');
    res.json(await readTicket(db, redis, config.namespace, principal, req.path_parameters.ticket ?? ''));
  }));
}
