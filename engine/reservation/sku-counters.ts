// Moves units between REALTIME SKUs' held and sold columns in Postgres: one version-checked UPDATE per
// SKU, all SKUs of a batch in one round trip (in id order, so two batches never wait on each other in opposite
// orders; a deadlock Postgres breaks anyway is retried like a version miss). A miss is a
// VersionConflictError; callers retry with `withConflictRetries` or `applySkuDeltasRetrying`.
import type pg from 'pg';
import { isDeadlock } from '../platform/db/pg-errors.js';
import { inTransaction } from '../platform/db/transaction.js';
import { VersionConflictError, isVersionConflict } from '../platform/errors.js';
import { versionConflicts } from '../platform/metrics.js';
import { moveSkuUnits } from '../catalog/sku-rows.js';
import { unitsBySku } from './reservation-rows.js';

export interface CounterDelta {
  held: number;
  sold: number;
}

export function addDelta(deltas: Map<number, CounterDelta>, skuId: number, held: number, sold: number): void {
  const delta = deltas.get(skuId);
  if (delta) {
    delta.held += held;
    delta.sold += sold;
  } else deltas.set(skuId, { held, sold });
}

export async function applySkuDeltas(client: pg.PoolClient, deltas: Map<number, CounterDelta>): Promise<void> {
  if (deltas.size === 0) return;
  const moves = [...deltas].map(([id, delta]) => ({ id, ...delta })).filter((move) => move.held !== 0 || move.sold !== 0);
  // one call for the whole batch; a SKU another writer moved first fails its version check
  if ((await moveSkuUnits(client, moves)) > 0) throw new VersionConflictError('sku', moves.map((m) => m.id).join(','));
}

/** held/sold deltas of the given reservations' items, `heldSign`/`soldSign` units per reserved unit. */
export async function reservationDeltas(
  client: pg.PoolClient,
  reservationIds: string[],
  heldSign: number,
  soldSign: number,
): Promise<Map<number, CounterDelta>> {
  const rows = await unitsBySku(client, reservationIds);
  const deltas = new Map<number, CounterDelta>();
  for (const row of rows) addDelta(deltas, Number(row.sku_id), heldSign * Number(row.units), soldSign * Number(row.units));
  return deltas;
}

const MAX_CONFLICT_RETRIES = 30;

/** Another writer got there first (a version miss, or a deadlock Postgres broke): the same work may run again. */
const mayRetry = (err: unknown) => isVersionConflict(err) || isDeadlock(err);

/** Runs `work` in a transaction, again from the start when a version-checked write missed. */
export async function withConflictRetries<T>(db: pg.Pool, entity: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(db, work);
    } catch (err) {
      if (!mayRetry(err) || attempt >= MAX_CONFLICT_RETRIES) throw err;
      versionConflicts.labels(entity).inc();
    }
    // jitter, so the writers that collided do not collide again
    await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, attempt * 5)));
  }
}

/**
 * applySkuDeltas inside a caller's larger transaction: a version miss rolls back to a savepoint and
 * re-reads, so a batch of hundreds of orders is not redone because another partition moved the SKU.
 */
export async function applySkuDeltasRetrying(client: pg.PoolClient, deltas: Map<number, CounterDelta>): Promise<void> {
  if (deltas.size === 0) return;
  for (let attempt = 1; ; attempt++) {
    await client.query('SAVEPOINT sku_books');
    try {
      await applySkuDeltas(client, deltas);
      await client.query('RELEASE SAVEPOINT sku_books');
      return;
    } catch (err) {
      await client.query('ROLLBACK TO SAVEPOINT sku_books');
      if (!mayRetry(err) || attempt >= MAX_CONFLICT_RETRIES) throw err;
      versionConflicts.labels('sku').inc();
    }
  }
}
