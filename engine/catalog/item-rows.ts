// SQL of the `items` table and what belongs to an item row (option groups and values, lifecycle
// events). Every write is one guarded statement: `WHERE id = $1 AND version = $2 AND <lock lets
// this user write>`; a write that changed no row answers false and the caller explains the miss.
// The read models (item-view.ts, item-listing.ts) join items with SKUs and options in one query.
import type pg from 'pg';
import type { ItemUpdate, Lifecycle, NewItem } from './catalog-types.js';

type Queryable = pg.Pool | pg.PoolClient;

/** SQL condition (with the user id at `$userParam` and the lock TTL in ms at `$ttlParam`): the lock lets this user write. */
export function lockAllows(alias: string, userParam: number, ttlParam: number): string {
  return `(${alias}.locked_by IS NULL OR ${alias}.locked_by = $${userParam} OR ${alias}.locked_at <= now() - make_interval(secs => $${ttlParam}::double precision / 1000))`;
}

/** Who writes: the user and how long an explicit edit lock lives. */
export interface ItemWriter {
  userId: number;
  lockTtlMs: number;
}

export async function insertItem(client: pg.PoolClient, input: NewItem): Promise<number> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO items (seller_id, category_id, name, description, product_type, base_price, max_per_buyer, minors_allowed, tax_type, notice)
     VALUES ($1, $2, $3, $4, $5, $6, nullif($7::int, 0), $8, $9, $10) RETURNING id`,
    [
      input.sellerId, input.categoryId, input.name, input.description ?? '', input.productType, input.basePrice,
      input.maxPerBuyer ?? 0, input.minorsAllowed ?? true, input.taxType ?? 'TAXABLE', input.notice ?? {},
    ],
  );
  return Number(rows[0].id);
}

/** Inserts an option group with its values in order; answers value ids by value. */
export async function insertOptionGroup(client: pg.PoolClient, itemId: number, position: number, name: string, values: string[]): Promise<Map<string, number>> {
  const g = await client.query<{ id: string }>('INSERT INTO option_groups (item_id, name, position) VALUES ($1, $2, $3) RETURNING id', [itemId, name, position]);
  const inserted = await client.query<{ id: string; value: string }>(
    `INSERT INTO option_values (group_id, value, position)
     SELECT $1, v, p FROM unnest($2::text[]) WITH ORDINALITY AS t(v, p) RETURNING id, value`,
    [g.rows[0].id, values],
  );
  return new Map(inserted.rows.map((v) => [v.value, Number(v.id)]));
}

export async function updateItemFields(db: Queryable, itemId: number, writer: ItemWriter, input: ItemUpdate): Promise<boolean> {
  const updated = await db.query(
    `UPDATE items i SET name = coalesce($5, i.name), description = coalesce($6, i.description),
       base_price = coalesce($7, i.base_price), category_id = coalesce($8, i.category_id),
       max_per_buyer = CASE WHEN $9::int IS NULL THEN i.max_per_buyer ELSE nullif($9::int, 0) END,
       minors_allowed = coalesce($10, i.minors_allowed), tax_type = coalesce($11, i.tax_type), notice = coalesce($12, i.notice),
       version = i.version + 1, updated_at = now()
     WHERE i.id = $1 AND i.version = $2 AND ${lockAllows('i', 3, 4)}`,
    [
      itemId, input.version, writer.userId, writer.lockTtlMs, input.name ?? null, input.description ?? null, input.basePrice ?? null, input.categoryId ?? null,
      input.maxPerBuyer ?? null, input.minorsAllowed ?? null, input.taxType ?? null, input.notice ?? null,
    ],
  );
  return updated.rowCount !== 0;
}

export async function itemLifecycle(db: Queryable, itemId: number): Promise<Lifecycle | undefined> {
  const { rows } = await db.query<{ lifecycle: Lifecycle }>('SELECT lifecycle FROM items WHERE id = $1', [itemId]);
  return rows[0]?.lifecycle;
}

/** `from` -> `to` at the version read, and the event recorded; false when the guarded update missed. */
export async function moveLifecycle(client: pg.PoolClient, itemId: number, version: number, writer: ItemWriter, from: Lifecycle, to: Lifecycle): Promise<boolean> {
  const updated = await client.query(
    `UPDATE items i SET lifecycle = $5, version = i.version + 1, updated_at = now()
     WHERE i.id = $1 AND i.version = $2 AND i.lifecycle = $6 AND ${lockAllows('i', 3, 4)}`,
    [itemId, version, writer.userId, writer.lockTtlMs, to, from],
  );
  if (updated.rowCount === 0) return false;
  await client.query('INSERT INTO item_lifecycle_events (item_id, from_state, to_state, user_id) VALUES ($1, $2, $3, $4)', [itemId, from, to, writer.userId]);
  return true;
}

/** Takes (or renews) the explicit edit lock for the writer; false while someone else's lock is live. */
export async function setItemLock(db: Queryable, itemId: number, writer: ItemWriter): Promise<boolean> {
  const updated = await db.query(`UPDATE items i SET locked_by = $2, locked_at = now() WHERE i.id = $1 AND ${lockAllows('i', 2, 3)}`, [
    itemId,
    writer.userId,
    writer.lockTtlMs,
  ]);
  return updated.rowCount !== 0;
}

export async function clearItemLock(db: Queryable, itemId: number, writer: ItemWriter): Promise<boolean> {
  const updated = await db.query(`UPDATE items i SET locked_by = NULL, locked_at = NULL WHERE i.id = $1 AND ${lockAllows('i', 2, 3)}`, [
    itemId,
    writer.userId,
    writer.lockTtlMs,
  ]);
  return updated.rowCount !== 0;
}

/** Deletes the item at the version read (its SKUs and options go with it); throws the foreign-key violation of a referenced one. */
export async function deleteItemRow(db: Queryable, itemId: number, version: number, writer: ItemWriter): Promise<boolean> {
  const deleted = await db.query(`DELETE FROM items i WHERE i.id = $1 AND i.version = $2 AND ${lockAllows('i', 3, 4)}`, [
    itemId,
    version,
    writer.userId,
    writer.lockTtlMs,
  ]);
  return deleted.rowCount !== 0;
}

export async function itemSellerId(db: Queryable, itemId: number): Promise<number | undefined> {
  const { rows } = await db.query<{ seller_id: string }>('SELECT seller_id FROM items WHERE id = $1', [itemId]);
  return rows[0] ? Number(rows[0].seller_id) : undefined;
}

/** Who holds the item's edit lock and whether it is still live; undefined for a missing item. */
export async function itemLockState(db: Queryable, itemId: number, lockTtlMs: number): Promise<{ lockedBy: number | null; live: boolean } | undefined> {
  const { rows } = await db.query<{ locked_by: string | null; live: boolean }>(
    `SELECT locked_by, locked_at > now() - make_interval(secs => $2::double precision / 1000) AS live FROM items WHERE id = $1`,
    [itemId, lockTtlMs],
  );
  return rows[0] && { lockedBy: rows[0].locked_by === null ? null : Number(rows[0].locked_by), live: rows[0].live };
}

/** The names of the given items (a deleted one is absent), for documents that show them (receipts). */
export async function itemNames(db: Queryable, itemIds: number[]): Promise<Map<number, string>> {
  if (itemIds.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; name: string }>('SELECT id, name FROM items WHERE id = ANY($1::bigint[])', [itemIds]);
  return new Map(rows.map((r) => [Number(r.id), r.name]));
}
