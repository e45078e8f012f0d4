// The reservation use case: lua/reserve.lua holds every line or none (idempotent per key), a fresh
// hold is handed to JetStream without waiting (it is safe in the Redis outbox), and missing counters
// are told apart from a SKU that does not exist.
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { skuExists } from '../catalog/sku-rows.js';
import { EngineError } from '../platform/errors.js';
import { refusalError, reserve } from './reservation-admission.js';
import { reservationAdmissions } from './reservation-metrics.js';
import type { ReservationPublisher } from './reservation-publisher.js';
import type { ReservationLine } from './reservation-types.js';

export interface ReservationIntakeDeps {
  redis: Redis;
  db: pg.Pool;
  namespace: string;
  idempotencyTtlSec: number;
  holdTtlMs: number;
  publisher: ReservationPublisher;
}

/** Holds the lines for the user, or throws the refusal (UNKNOWN_SKU for a SKU that does not exist). */
export async function createReservation(
  deps: ReservationIntakeDeps,
  userId: number,
  idempotencyKey: string,
  lines: ReservationLine[],
): Promise<{ reservationId: string; status: 'PENDING' }> {
  const result = await reserve(deps.redis, deps.namespace, deps.idempotencyTtlSec, { userId, idempotencyKey, lines, holdTtlMs: deps.holdTtlMs });
  reservationAdmissions.labels(result.outcome === 'RESERVED' ? (result.fresh ? 'RESERVED' : 'REPLAY') : result.code).inc();
  if (result.outcome === 'RESERVED') {
    if (result.record) deps.publisher.enqueue(result.record);
    return { reservationId: result.reservationId, status: 'PENDING' };
  }
  if (result.code === 'INVENTORY_UNAVAILABLE') {
    // no counters: an unknown SKU, or Redis lost them (admission waits for a rebuild)
    const sku = lines[result.line - 1]?.[0];
    if (sku !== undefined && !(await skuExists(deps.db, sku))) throw new EngineError('UNKNOWN_SKU', `sku ${sku} does not exist (item ${result.line})`);
  }
  throw refusalError(result.code, result.line);
}
