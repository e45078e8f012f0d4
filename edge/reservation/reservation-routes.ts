// Reservations: POST holds through engine/reservation/reservation-create.ts; read and cancel. The bare
// confirm answers 409 PAYMENT_REQUIRED: a hold is sold only through a paid order (its checkout).
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { hasRole } from '../../engine/auth/principal.js';
import { SkuPriceCache } from '../../engine/catalog/sku-price-cache.js';
import { EngineError } from '../../engine/platform/errors.js';
import { ensureWorkQueueStream } from '../../engine/platform/messaging/work-queue-stream.js';
import { defineReservationScripts } from '../../engine/reservation/reservation-admission.js';
import { createReservation, type ReservationIntakeDeps } from '../../engine/reservation/reservation-create.js';
import { ReservationPublisher } from '../../engine/reservation/reservation-publisher.js';
import { cancelReservation, getReservation, refuseUnpaidConfirm, type ReservationDeps } from '../../engine/reservation/reservation-store.js';
import { reservationQueue } from '../../engine/reservation/reservation-queue.js';
import type { ReservationLine } from '../../engine/reservation/reservation-types.js';
import { authenticate } from '../http/authenticate.js';
import type { EdgeContext } from '../edge-context.js';
import { bodyText, route } from '../http/http-errors.js';
import { validateReservationBody, type ReservationBody } from './reservation-schemas.js';
import { isValidIdempotencyKey, parseBody } from '../http/schemas.js';

function toLines(body: ReservationBody, maxItems: number): ReservationLine[] {
  if (body.items.length > maxItems) throw new EngineError('INVALID_INPUT', `at most ${maxItems} items per reservation`);
  const seen = new Set<string>();
  return body.items.map((item) => {
    const key = `${item.sku}:${item.slot ?? ''}`;
    if (seen.has(key)) throw new EngineError('INVALID_INPUT', `sku ${item.sku} appears twice for the same slot`);
    seen.add(key);
    return [item.sku, item.quantity, item.slot ?? ''];
  });
}

export async function reservationRoutes(ctx: EdgeContext): Promise<void> {
  const { config, server, redis, db, nc, verifier } = ctx;
  defineReservationScripts(redis, config.luaDir);
  await ensureWorkQueueStream(await jetstreamManager(nc), reservationQueue, config.namespace, config.natsStreamReplicas);
  const publisher = new ReservationPublisher(jetstream(nc), config);
  ctx.onStop(() => publisher.drain());
  const deps: ReservationDeps = { db, redis, nc, namespace: config.namespace };
  const { holdTtlMs, maxItems, skuCacheMs, maxHeldUnitsPerUser } = config.catalog.reservation;
  const intake: ReservationIntakeDeps = {
    redis, skus: new SkuPriceCache(db, skuCacheMs), namespace: config.namespace, idempotencyTtlSec: config.idempotencyTtlSec, holdTtlMs, maxHeldUnitsPerUser, publisher,
  };

  server.post('/api/v1/reservations', route('create_reservation', async (req, res) => {
    const principal = await authenticate(verifier, req.headers.authorization ?? '', 'buyer');
    const idempotencyKey = req.headers['idempotency-key'] ?? '';
    if (!isValidIdempotencyKey(idempotencyKey)) {
      throw new EngineError('IDEMPOTENCY_KEY_REQUIRED', 'Idempotency-Key header of 1-128 visible ASCII characters is required');
    }
    const lines = toLines(parseBody(await bodyText(req, config.http.restMaxBodyBytes), validateReservationBody), maxItems);
    res.status(202).json(await createReservation(intake, principal.userId, idempotencyKey, lines));
  }));

  server.get('/api/v1/reservations/:id', route('get_reservation', async (req, res) => {
    const principal = await authenticate(verifier, req.headers.authorization ?? '');
    res.json(await getReservation(deps, req.path_parameters.id ?? '', principal.userId, hasRole(principal, 'admin')));
  }));

  server.post('/api/v1/reservations/:id/confirm', route('confirm_reservation', async (req) => {
    const principal = await authenticate(verifier, req.headers.authorization ?? '', 'buyer');
    await refuseUnpaidConfirm(deps, req.path_parameters.id ?? '', principal.userId);
  }));

  server.delete('/api/v1/reservations/:id', route('cancel_reservation', async (req, res) => {
    const principal = await authenticate(verifier, req.headers.authorization ?? '', 'buyer');
    res.json(await cancelReservation(deps, req.path_parameters.id ?? '', principal.userId));
  }));
}
