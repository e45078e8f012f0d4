// Stock of one order on the per-order (saga) path, through the reservation module: the hold the intake
// took (reservation id = order id) is confirmed (held -> sold) with the order's move to PAID, and
// released (or restocked after a confirm) on compensation. The actors do the same for whole batches.
import type { RedisClient } from '../platform/redis/redis-client.js';
import type pg from 'pg';
import { VersionConflictError } from '../platform/errors.js';
import { lockSkusOfReservation } from '../catalog/sku-rows.js';
import { counterField, inventoryKeys } from '../reservation/reservation-keys.js';
import { releaseInRedis } from '../reservation/reservation-release.js';
import { cancelReservationAt, confirmReservationAt, reservationVersion } from '../reservation/reservation-rows.js';
import { liveItemUnits } from './order-rows.js';
import { applySkuDeltas, applySkuDeltasRetrying, reservationDeltas, withConflictRetries } from '../reservation/sku-counters.js';
import type { SagaDeps } from './order-saga.js';

type OrderChangeStep = (client: pg.PoolClient) => Promise<void>;

/** HELD -> CONFIRMED with the order's own change in one transaction; false when the hold is gone. */
export async function confirmStock(deps: SagaDeps, order: { reservation_id: string | null }, changeOrder: OrderChangeStep): Promise<boolean> {
  const id = order.reservation_id;
  if (!id) return false;
  const confirmed = await withConflictRetries(deps.db, 'sku', async (client) => {
    const hold = await reservationVersion(client, id);
    if (!hold || hold.state !== 'HELD' || !hold.live) return false;
    // every saga of a hot SKU meets on its row: waiting for the lock is far cheaper than optimistic retries
    await lockSkusOfReservation(client, id);
    if (!(await confirmReservationAt(client, id, hold.version))) throw new VersionConflictError('reservation', id);
    await applySkuDeltas(client, await reservationDeltas(client, [id], -1, 1));
    await changeOrder(client);
    return true;
  });
  if (confirmed) await releaseInRedis(deps.db, deps.redis, deps.config.namespace, [{ id, state: 'CONFIRMED' }]);
  return confirmed;
}

/** Gives the order's units back (a HELD hold is cancelled, a CONFIRMED one restocked) with the order's change. */
export async function releaseStock(
  deps: SagaDeps,
  order: { id: string; user_id: string; reservation_id: string | null },
  changeOrder: OrderChangeStep,
): Promise<void> {
  const id = order.reservation_id;
  const released = await withConflictRetries(deps.db, 'sku', async (client) => {
    const hold = id ? await reservationVersion(client, id) : undefined;
    const state = hold?.state;
    let restocked: { skuId: number; quantity: number }[] = [];
    if (id && hold && (state === 'HELD' || state === 'CONFIRMED')) {
      await lockSkusOfReservation(client, id);
      if (!(await cancelReservationAt(client, id, hold.version, state === 'CONFIRMED'))) throw new VersionConflictError('reservation', id);
      // sold units come back for the items still live: a seller's item cancellation restocked its own already
      restocked = state === 'CONFIRMED' ? await liveItemUnits(client, order.id) : [];
      const deltas = state === 'HELD' ? await reservationDeltas(client, [id], -1, 0) : new Map(restocked.map((l) => [l.skuId, { held: 0, sold: -l.quantity }]));
      await applySkuDeltas(client, deltas);
    }
    await changeOrder(client);
    return { state, restocked };
  });
  if (!id) return;
  if (released.state === 'CONFIRMED') await restockRealtimeInRedis(deps.redis, deps.config.namespace, released.restocked);
  // HELD, or never persisted (the hold lives only in Redis): release-4.lua returns the units at most once
  else await releaseInRedis(deps.db, deps.redis, deps.config.namespace, [{ id, state: 'CANCELLED' }]);
}

/**
 * Sold units back on sale in Redis, after the commit that lowered `sold`: only for realtime SKUs whose
 * counters exist (missing counters are rebuilt from Postgres, which already counts the return).
 */
export async function restockRealtimeInRedis(redis: RedisClient, namespace: string, lines: { skuId: number; quantity: number }[]): Promise<void> {
  const counters = inventoryKeys(namespace).counters;
  for (const { skuId, quantity } of lines) {
    if ((await redis.hget(counters, counterField.type(skuId))) === 'T') await redis.hincrby(counters, counterField.available(skuId), quantity);
  }
}

/** A cancelled order item's sold units back in the SKU's books, in the caller's transaction. */
export async function restockSoldUnits(client: pg.PoolClient, skuId: number, quantity: number): Promise<void> {
  await applySkuDeltasRetrying(client, new Map([[skuId, { held: 0, sold: -quantity }]]));
}
