// Persists a batch of admitted reservations as HELD in one transaction: the reservation rows (the
// primary key makes a redelivered one a no-op), their items, and the new held units of each REALTIME
// SKU by version-checked update. A batch that violates a constraint is split to find the poison ones.
import type pg from 'pg';
import { addDelta, applySkuDeltas, withConflictRetries, type CounterDelta } from './sku-counters.js';
import type { ReservationRecord } from './reservation-types.js';
import { ticketTimeMs } from '../sale/ticket-id.js';

export interface PersistedBatch {
  /** reservations this batch created (not the ones already there) */
  inserted: ReservationRecord[];
  /** reservations that can never be persisted (e.g. a SKU was deleted meanwhile) */
  failed: ReservationRecord[];
}

/** Constraint and data errors (SQLSTATE classes 22 and 23) fail the same way on every retry. */
function isPermanent(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

export class ReservationWriter {
  constructor(private readonly db: pg.Pool) {}

  async apply(records: ReservationRecord[]): Promise<PersistedBatch> {
    try {
      return { inserted: await withConflictRetries(this.db, 'sku', (client) => this.applyOnce(client, records)), failed: [] };
    } catch (err) {
      if (!isPermanent(err)) throw err;
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
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO reservations (id, user_id, state, expires_at, created_at, request_print, idempotency_key)
       SELECT t.id, t.user_id, 'HELD', t.expires_at, t.created_at, t.request_print, t.idempotency_key
       FROM unnest($1::uuid[], $2::bigint[], $3::timestamptz[], $4::timestamptz[], $5::text[], $6::text[])
         AS t(id, user_id, expires_at, created_at, request_print, idempotency_key)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        records.map((r) => r[0]),
        records.map((r) => r[1]),
        records.map((r) => new Date(r[2]).toISOString()),
        records.map((r) => new Date(ticketTimeMs(r[0])).toISOString()),
        records.map((r) => r[4] || null),
        records.map((r) => r[5] || null),
      ],
    );
    if (rows.length === 0) return [];
    const ids = new Set(rows.map((r) => r.id));
    const fresh = records.filter((r) => ids.has(r[0]));
    const lines = fresh.flatMap((r) => r[3].map((line) => [r[0], ...line] as const));
    await client.query(
      `INSERT INTO reservation_items (reservation_id, sku_id, quantity, slot)
       SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::int[], $4::text[])`,
      [lines.map((l) => l[0]), lines.map((l) => l[1]), lines.map((l) => l[2]), lines.map((l) => l[3])],
    );
    const deltas = new Map<number, CounterDelta>();
    for (const [, sku, quantity] of lines) addDelta(deltas, sku, quantity, 0);
    await applySkuDeltas(client, deltas);
    return fresh;
  }
}
