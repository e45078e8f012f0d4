// SQL of the `reservations` and `reservation_items` tables. Every transition is version-checked
// (`WHERE ... AND version = $n`), so a concurrent confirm, cancel and expiry can never both win.
import type pg from 'pg';
import { ticketTimeMs } from '../sale/ticket-id.js';
import type { ReservationLine, ReservationRecord, ReservationState } from './reservation-types.js';

type Queryable = pg.Pool | pg.PoolClient;

/** A hold to persist as HELD: the reservation row without its items. */
export interface NewHold {
  id: string;
  userId: number;
  expiresAtMs: number;
  print: string | null;
  idempotencyKey: string | null;
}

/** Inserts holds as HELD; answers the ids this call created (a redelivered or already persisted one is a no-op). */
export async function insertHolds(client: pg.PoolClient, holds: NewHold[]): Promise<Set<string>> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO reservations (id, user_id, state, expires_at, created_at, request_print, idempotency_key)
     SELECT t.id, t.user_id, 'HELD', t.expires_at, t.created_at, t.request_print, t.idempotency_key
     FROM unnest($1::uuid[], $2::bigint[], $3::timestamptz[], $4::timestamptz[], $5::text[], $6::text[])
       AS t(id, user_id, expires_at, created_at, request_print, idempotency_key)
     ON CONFLICT DO NOTHING RETURNING id`,
    [
      holds.map((h) => h.id),
      holds.map((h) => h.userId),
      holds.map((h) => new Date(h.expiresAtMs).toISOString()),
      holds.map((h) => new Date(ticketTimeMs(h.id)).toISOString()),
      holds.map((h) => h.print),
      holds.map((h) => h.idempotencyKey),
    ],
  );
  return new Set(rows.map((r) => r.id));
}

/** Inserts admitted reservations as HELD (their items go in with insertReservationItems); answers the ids this call created. */
export function insertHeldReservations(client: pg.PoolClient, records: ReservationRecord[]): Promise<Set<string>> {
  return insertHolds(client, records.map((r) => ({ id: r[0], userId: r[1], expiresAtMs: r[2], print: r[4] || null, idempotencyKey: r[5] || null })));
}

export async function insertReservationItems(client: pg.PoolClient, lines: readonly (readonly [reservationId: string, ...ReservationLine])[]): Promise<void> {
  await client.query(
    `INSERT INTO reservation_items (reservation_id, sku_id, quantity, slot)
     SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::int[], $4::text[])`,
    [lines.map((l) => l[0]), lines.map((l) => l[1]), lines.map((l) => l[2]), lines.map((l) => l[3])],
  );
}

/** A reservation with its items, or undefined. */
export async function reservationRow(
  db: Queryable,
  id: string,
): Promise<{ user_id: string; state: ReservationState; expires_at: Date; version: number; items: [number, number, string][] | null } | undefined> {
  const { rows } = await db.query<{ user_id: string; state: ReservationState; expires_at: Date; version: number; items: [number, number, string][] | null }>(
    `SELECT r.user_id, r.state, r.expires_at, r.version,
            (SELECT json_agg(json_build_array(i.sku_id, i.quantity, i.slot) ORDER BY i.sku_id, i.slot)
             FROM reservation_items i WHERE i.reservation_id = r.id) AS items
     FROM reservations r WHERE r.id = $1`,
    [id],
  );
  return rows[0];
}

/** A reservation's state and version, and whether its hold is still live; undefined when there is no row. */
export async function reservationVersion(client: pg.PoolClient, id: string): Promise<{ state: ReservationState; version: number; live: boolean } | undefined> {
  const { rows } = await client.query<{ state: ReservationState; version: number; live: boolean }>(
    'SELECT state, version, expires_at > now() AS live FROM reservations WHERE id = $1',
    [id],
  );
  return rows[0];
}

/** -> CONFIRMED at the version read; false when another transition moved the version. */
export async function confirmReservationAt(client: pg.PoolClient, id: string, version: number): Promise<boolean> {
  const updated = await client.query(
    `UPDATE reservations SET state = 'CONFIRMED', version = version + 1, updated_at = now() WHERE id = $1 AND version = $2`,
    [id, version],
  );
  return updated.rowCount !== 0;
}

/** -> CANCELLED at the version read, `redisReleased` when the caller returns the units itself; false on a version miss. */
export async function cancelReservationAt(client: pg.PoolClient, id: string, version: number, redisReleased: boolean): Promise<boolean> {
  const updated = await client.query(
    `UPDATE reservations SET state = 'CANCELLED', version = version + 1, updated_at = now(), redis_released = $3
     WHERE id = $1 AND version = $2`,
    [id, version, redisReleased],
  );
  return updated.rowCount !== 0;
}

/** HELD holds among `ids` move to `state` (a confirm only while live); answers the ones that moved. */
export async function finishHeldHolds(client: pg.PoolClient, ids: string[], state: 'CONFIRMED' | 'CANCELLED'): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await client.query<{ id: string }>(
    `UPDATE reservations SET state = $2, version = version + 1, updated_at = now()
     WHERE id = ANY($1::uuid[]) AND state = 'HELD' AND ($2 = 'CANCELLED' OR expires_at > now()) RETURNING id`,
    [ids, state],
  );
  return new Set(rows.map((r) => r.id));
}

/** The oldest HELD reservations past their expiry. */
export async function dueHolds(db: Queryable, limit: number): Promise<{ id: string; version: number }[]> {
  const { rows } = await db.query<{ id: string; version: number }>(
    `SELECT id, version FROM reservations WHERE state = 'HELD' AND expires_at <= now() ORDER BY expires_at LIMIT $1`,
    [limit],
  );
  return rows;
}

/** HELD -> EXPIRED at the versions read; answers the ones this call moved. */
export async function expireHolds(client: pg.PoolClient, due: { id: string; version: number }[]): Promise<{ id: string; user_id: string }[]> {
  const { rows } = await client.query<{ id: string; user_id: string }>(
    `UPDATE reservations r SET state = 'EXPIRED', version = r.version + 1, updated_at = now()
     FROM unnest($1::uuid[], $2::int[]) AS t(id, version)
     WHERE r.id = t.id AND r.version = t.version AND r.state = 'HELD'
     RETURNING r.id, r.user_id`,
    [due.map((r) => r.id), due.map((r) => r.version)],
  );
  return rows;
}

export async function markRedisReleased(db: Queryable, ids: string[]): Promise<void> {
  await db.query('UPDATE reservations SET redis_released = true WHERE id = ANY($1::uuid[])', [ids]);
}

/** Finished reservations whose Redis side is still open. */
export async function unreleasedFinished(db: Queryable, limit: number): Promise<{ id: string; state: ReservationState }[]> {
  const { rows } = await db.query<{ id: string; state: ReservationState }>(
    `SELECT id, state FROM reservations WHERE state <> 'HELD' AND NOT redis_released LIMIT $1`,
    [limit],
  );
  return rows;
}

/** Reserved units per SKU of the given reservations. */
export async function unitsBySku(client: pg.PoolClient, reservationIds: string[]): Promise<{ sku_id: string; units: string }[]> {
  const { rows } = await client.query<{ sku_id: string; units: string }>(
    `SELECT sku_id, sum(quantity) AS units FROM reservation_items
     WHERE reservation_id = ANY($1::uuid[]) GROUP BY sku_id`,
    [reservationIds],
  );
  return rows;
}

/** Units of live (HELD or CONFIRMED) reservations per SKU and slot, for the given SKUs. */
export async function usedSlots(db: Queryable, skuIds: string[]): Promise<{ sku_id: string; slot: string; used: string }[]> {
  const { rows } = await db.query<{ sku_id: string; slot: string; used: string }>(
    `SELECT ri.sku_id, ri.slot, sum(ri.quantity) AS used
     FROM reservation_items ri JOIN reservations r ON r.id = ri.reservation_id
     WHERE r.state IN ('HELD', 'CONFIRMED') AND ri.slot <> '' AND ri.sku_id = ANY($1::bigint[])
     GROUP BY ri.sku_id, ri.slot`,
    [skuIds],
  );
  return rows;
}

/** A page (by id) of reservations that carry the Idempotency-Key they were admitted with. */
export async function keyedReservationPage(
  db: Queryable,
  after: string,
  limit: number,
): Promise<{ id: string; user_id: string; idempotency_key: string; request_print: string }[]> {
  const { rows } = await db.query<{ id: string; user_id: string; idempotency_key: string; request_print: string }>(
    `SELECT id, user_id, idempotency_key, request_print FROM reservations
     WHERE idempotency_key IS NOT NULL AND id > $1 ORDER BY id LIMIT $2`,
    [after, limit],
  );
  return rows;
}

/** A page (by id) of HELD reservations with their lines. */
export async function heldReservationPage(
  db: Queryable,
  after: string,
  limit: number,
): Promise<{ id: string; user_id: string; expires_at: Date; lines: ReservationLine[]; request_print: string | null; idempotency_key: string | null }[]> {
  const { rows } = await db.query<{ id: string; user_id: string; expires_at: Date; lines: ReservationLine[]; request_print: string | null; idempotency_key: string | null }>(
    `SELECT r.id, r.user_id, r.expires_at, r.request_print, r.idempotency_key,
            (SELECT json_agg(json_build_array(i.sku_id, i.quantity, i.slot)) FROM reservation_items i WHERE i.reservation_id = r.id) AS lines
     FROM reservations r WHERE r.state = 'HELD' AND r.id > $1 ORDER BY r.id LIMIT $2`,
    [after, limit],
  );
  return rows;
}
