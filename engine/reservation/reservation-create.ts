// The reservation use case: only SKUs on sale, and for a RESERVABLE SKU only the slots it lists, are
// held (read from a short in-process cache of the catalog); lua/reserve-5.lua holds every line or none
// (idempotent per key) within the buyer's cap on held units, and a fresh hold is handed to JetStream
// without waiting (it is safe in the Redis outbox).
import type { RedisClient } from '../platform/redis/redis-client.js';
import type { SkuPriceCache } from '../catalog/sku-price-cache.js';
import { EngineError } from '../platform/errors.js';
import { refusalError, reserve } from './reservation-admission.js';
import { reservationAdmissions } from './reservation-metrics.js';
import type { ReservationPublisher } from './reservation-publisher.js';
import type { ReservationLine } from './reservation-types.js';

export interface ReservationIntakeDeps {
  redis: RedisClient;
  skus: SkuPriceCache;
  namespace: string;
  idempotencyTtlSec: number;
  holdTtlMs: number;
  /** units one buyer may hold at once through reservations, counted atomically by the script; 0: no cap */
  maxHeldUnitsPerUser: number;
  publisher: ReservationPublisher;
}

/**
 * A buyer's reservation key in its own space: order holds take the same script under `order:<source>:<key>`
 * (orderHoldKey), so a buyer's key that looks like one must not reach an order's hold.
 */
export function reservationHoldKey(buyerKey: string): string {
  return `reservation:${buyerKey}`;
}

/** Throws the first line's refusal: a SKU that does not exist, is not on sale, or lacks the slot. */
async function checkHoldable(skus: SkuPriceCache, lines: ReservationLine[]): Promise<void> {
  const found = await skus.get(lines.map((l) => l[0]));
  lines.forEach(([skuId, , slot], i) => {
    const sku = found.get(skuId);
    const where = `(item ${i + 1})`;
    if (!sku) throw new EngineError('UNKNOWN_SKU', `sku ${skuId} does not exist ${where}`);
    if (!sku.onSale) throw new EngineError('ITEM_NOT_ON_SALE', `sku ${skuId} is not on sale ${where}`);
    // a REALTIME SKU's slot, or a missing one, is refused by the script with SLOT_NOT_ALLOWED / SLOT_REQUIRED
    if (sku.productType === 'RESERVABLE' && slot !== '' && !sku.slots.includes(slot)) {
      throw new EngineError('UNKNOWN_SLOT', `sku ${skuId} has no slot "${slot}" ${where}`);
    }
  });
}

/** Holds the lines for the user, or throws the refusal. */
export async function createReservation(
  deps: ReservationIntakeDeps,
  userId: number,
  idempotencyKey: string,
  lines: ReservationLine[],
): Promise<{ reservationId: string; status: 'PENDING' }> {
  await checkHoldable(deps.skus, lines);
  const result = await reserve(deps.redis, deps.namespace, deps.idempotencyTtlSec, {
    userId, idempotencyKey: reservationHoldKey(idempotencyKey), lines, holdTtlMs: deps.holdTtlMs, maxHeldUnits: deps.maxHeldUnitsPerUser,
  });
  reservationAdmissions.labels(result.outcome === 'RESERVED' ? (result.fresh ? 'RESERVED' : 'REPLAY') : result.code).inc();
  if (result.outcome === 'RESERVED') {
    if (result.record) deps.publisher.enqueue(result.record);
    return { reservationId: result.reservationId, status: 'PENDING' };
  }
  if (result.code === 'HOLD_LIMIT_REACHED') {
    throw new EngineError('HOLD_LIMIT_REACHED', `a buyer holds at most ${deps.maxHeldUnitsPerUser} units at once; a hold that ends (cancelled, expired, paid) frees its units`);
  }
  throw refusalError(result.code, result.line);
}
