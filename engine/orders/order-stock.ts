// Stock of an order, through the reservation module: the hold is taken by lua/reserve-4.lua (keyed by the
// order, so a repeated RESERVE answers the same hold) and persisted by the reservation writer, confirmed
// (held -> sold) with the order's move to PAID, and released (or restocked after a confirm) on compensation.
import type pg from 'pg';
import { VersionConflictError } from '../platform/errors.js';
import { releaseHold, reserve } from '../reservation/reservation-admission.js';
import { counterField, inventoryKeys } from '../reservation/reservation-keys.js';
import { releaseInRedis } from '../reservation/reservation-release.js';
import { decodeReservationRecord } from '../reservation/reservation-record.js';
import type { ReservationLine } from '../reservation/reservation-types.js';
import { decodeReserveAnswer } from '../reservation/reserve-answer.js';
import { applySkuDeltas, reservationDeltas, withConflictRetries } from '../reservation/sku-counters.js';
import { ReservationWriter } from '../reservation/reservation-writer.js';
import type { ErrorCode } from '../platform/errors.js';
import type { SagaDeps } from './order-saga.js';

type OrderChangeStep = (client: pg.PoolClient) => Promise<void>;

/**
 * Locks the hold's SKU rows (in id order) before their version-checked update: every saga of a hot SKU
 * meets on one row, and waiting for its lock is far cheaper than optimistic retries with backoff.
 */
async function lockSkuRows(client: pg.PoolClient, reservationId: string): Promise<void> {
  await client.query(
    `SELECT 1 FROM skus WHERE id IN (SELECT sku_id FROM reservation_items WHERE reservation_id = $1) ORDER BY id FOR UPDATE`,
    [reservationId],
  );
}

function holdKey(orderId: string): string {
  return `order:${orderId}`;
}

async function orderLines(db: pg.Pool, orderId: string): Promise<ReservationLine[]> {
  const { rows } = await db.query<{ sku_id: string; units: string }>(
    'SELECT sku_id, sum(quantity) AS units FROM shop_order_items WHERE order_id = $1 GROUP BY sku_id ORDER BY sku_id',
    [orderId],
  );
  return rows.map((r) => [Number(r.sku_id), Number(r.units), '']);
}

export type StockHold = { outcome: 'RESERVED'; reservationId: string } | { outcome: 'REFUSED'; code: ErrorCode };

/** Takes (or finds again) the order's hold, all-or-nothing, and persists it as HELD. */
export async function reserveStock({ db, redis, config }: SagaDeps, orderId: string, userId: number): Promise<StockHold> {
  const keys = inventoryKeys(config.namespace);
  const result = await reserve(redis, config.namespace, config.idempotencyTtlSec, {
    userId,
    idempotencyKey: holdKey(orderId),
    lines: await orderLines(db, orderId),
    holdTtlMs: config.orders.holdTtlMs,
  });
  if (result.outcome === 'REFUSED') return { outcome: 'REFUSED', code: result.code };
  const stored = await redis.hget(keys.records, result.reservationId);
  const record = result.record ?? (stored ? decodeReservationRecord(result.reservationId, stored) : undefined);
  if (record) {
    // the same writer the reservation workers use; a row that is already there is left alone
    const persisted = await new ReservationWriter(db).apply([record]);
    if (persisted.failed.length > 0) {
      await releaseHold(redis, config.namespace, result.reservationId, 'return');
      return { outcome: 'REFUSED', code: 'INVENTORY_UNAVAILABLE' };
    }
    await redis.zrem(keys.pending, result.reservationId);
  }
  return { outcome: 'RESERVED', reservationId: result.reservationId };
}

/** HELD -> CONFIRMED with the order's own change in one transaction; false when the hold is gone. */
export async function confirmStock(deps: SagaDeps, order: { reservation_id: string | null }, changeOrder: OrderChangeStep): Promise<boolean> {
  const id = order.reservation_id;
  if (!id) return false;
  const confirmed = await withConflictRetries(deps.db, 'sku', async (client) => {
    const { rows } = await client.query<{ state: string; version: number; live: boolean }>(
      'SELECT state, version, expires_at > now() AS live FROM reservations WHERE id = $1',
      [id],
    );
    if (rows.length === 0 || rows[0].state !== 'HELD' || !rows[0].live) return false;
    await lockSkuRows(client, id);
    const updated = await client.query(
      `UPDATE reservations SET state = 'CONFIRMED', version = version + 1, updated_at = now() WHERE id = $1 AND version = $2`,
      [id, rows[0].version],
    );
    if (updated.rowCount === 0) throw new VersionConflictError('reservation', id);
    await applySkuDeltas(client, await reservationDeltas(client, [id], -1, 1));
    await changeOrder(client);
    return true;
  });
  if (confirmed) await releaseInRedis(deps.db, deps.redis, deps.config.namespace, [{ id, state: 'CONFIRMED' }]);
  return confirmed;
}

/** The hold this order took in Redis, found by its idempotency key when the order never recorded it. */
async function heldReservationId({ redis, config }: SagaDeps, order: { id: string; user_id: string; reservation_id: string | null }): Promise<string | undefined> {
  if (order.reservation_id) return order.reservation_id;
  const answer = await redis.get(inventoryKeys(config.namespace).idem(Number(order.user_id), holdKey(order.id)));
  // a refused request stored no reservation id
  return (answer && decodeReserveAnswer(answer).reservationId) || undefined;
}

/** Gives the order's units back (a HELD hold is cancelled, a CONFIRMED one restocked) with the order's change. */
export async function releaseStock(
  deps: SagaDeps,
  order: { id: string; user_id: string; reservation_id: string | null },
  changeOrder: OrderChangeStep,
): Promise<void> {
  const id = await heldReservationId(deps, order);
  const before = await withConflictRetries(deps.db, 'sku', async (client) => {
    const { rows } = id
      ? await client.query<{ state: string; version: number }>('SELECT state, version FROM reservations WHERE id = $1', [id])
      : { rows: [] };
    const state = rows[0]?.state;
    if (id && (state === 'HELD' || state === 'CONFIRMED')) {
      await lockSkuRows(client, id);
      const updated = await client.query(
        `UPDATE reservations SET state = 'CANCELLED', version = version + 1, updated_at = now(), redis_released = $3
         WHERE id = $1 AND version = $2`,
        [id, rows[0].version, state === 'CONFIRMED'],
      );
      if (updated.rowCount === 0) throw new VersionConflictError('reservation', id);
      await applySkuDeltas(client, await reservationDeltas(client, [id], state === 'HELD' ? -1 : 0, state === 'CONFIRMED' ? -1 : 0));
    }
    await changeOrder(client);
    return state;
  });
  if (!id) return;
  if (before === 'CONFIRMED') await restockInRedis(deps, id);
  // HELD, or never persisted (the hold lives only in Redis): release-3.lua returns the units at most once
  else await releaseInRedis(deps.db, deps.redis, deps.config.namespace, [{ id, state: 'CANCELLED' }]);
}

/** Units of a confirmed (sold) hold go back to the Redis counters. */
async function restockInRedis({ db, redis, config }: SagaDeps, reservationId: string): Promise<void> {
  const { rows } = await db.query<{ sku_id: string; quantity: number }>(
    `SELECT sku_id, quantity FROM reservation_items WHERE reservation_id = $1 AND slot = ''`,
    [reservationId],
  );
  const counters = inventoryKeys(config.namespace).counters;
  for (const row of rows) {
    const sku = Number(row.sku_id);
    if (await redis.hexists(counters, counterField.type(sku))) await redis.hincrby(counters, counterField.available(sku), row.quantity);
  }
}
