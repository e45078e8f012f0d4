// Persists a batch of admitted reservations as HELD in one transaction: the reservation rows (the
// primary key makes a redelivered one a no-op), their items, and the new held units of each REALTIME
// SKU by version-checked update. A batch that violates a constraint is split to find the poison ones.
import type pg from 'pg';
import { isDataOrIntegrityError } from '../platform/db/pg-errors.js';
import { insertHeldReservations, insertReservationItems } from './reservation-rows.js';
import { addDelta, applySkuDeltas, withConflictRetries, type CounterDelta } from './sku-counters.js';
import type { ReservationRecord } from './reservation-types.js';

export interface PersistedBatch {
  /** reservations this batch created (not the ones already there) */
  inserted: ReservationRecord[];
  /** reservations that can never be persisted (e.g. a SKU was deleted meanwhile) */
  failed: ReservationRecord[];
}

export class ReservationWriter {
  constructor(private readonly db: pg.Pool) {}

  async apply(records: ReservationRecord[]): Promise<PersistedBatch> {
    try {
      return { inserted: await withConflictRetries(this.db, 'sku', (client) => this.applyOnce(client, records)), failed: [] };
    } catch (err) {
      if (!isDataOrIntegrityError(err)) throw err;
      if (records.length === 1) return { inserted: [], failed: records };
    }
    const result: PersistedBatch = { inserted: [], failed: [] };
    for (const record of records) {
      const one = await this.apply([record]);
      result.inserted.push(...one.inserted);
      result.failed.push(...one.failed);
    }
    return result;
  }

  private async applyOnce(client: pg.PoolClient, batch: ReservationRecord[]): Promise<ReservationRecord[]> {
    // each reservation once: after a crash its redelivered message and the sweep's republish can share a
    // batch, and a duplicate would insert its items and count its held units twice
    const records = [...new Map(batch.map((r) => [r[0], r])).values()];
    const ids = await insertHeldReservations(client, records);
    if (ids.size === 0) return [];
    const fresh = records.filter((r) => ids.has(r[0]));
    const lines = fresh.flatMap((r) => r[3].map((line) => [r[0], ...line] as const));
    await insertReservationItems(client, lines);
    const deltas = new Map<number, CounterDelta>();
    for (const [, sku, quantity] of lines) addDelta(deltas, sku, quantity, 0);
    await applySkuDeltas(client, deltas);
    return fresh;
  }
}
