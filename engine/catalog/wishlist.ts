// A buyer's wishlist: items kept for later, at most `cap` per buyer. Adding is idempotent (the same
// item twice is one entry); only an item the public can see (LAUNCH, SALES) can be added, any other id
// is not found. An entry stays when its item later leaves sale (the list shows the lifecycle) and goes
// with the item when its seller deletes it. Owns the SQL of `wishlist_items`.
import type pg from 'pg';
import { idPage, type Page } from '../platform/db/keyset-page.js';
import { isForeignKeyViolation } from '../platform/db/pg-errors.js';
import { inTransaction } from '../platform/db/transaction.js';
import { EngineError } from '../platform/errors.js';
import type { Lifecycle } from './catalog-types.js';
import { itemLifecycle } from './item-rows.js';
import { publicLifecycles } from './lifecycle.js';

export interface WishlistEntry {
  itemId: number;
  name: string;
  basePrice: number;
  lifecycle: Lifecycle;
  /** whether the item can be ordered now */
  onSale: boolean;
  addedAt: string;
}

interface EntryRow {
  id: string;
  item_id: string;
  name: string;
  base_price: string;
  lifecycle: Lifecycle;
  added_at: Date;
}

const entrySelect = `SELECT w.id, w.item_id, w.added_at, i.name, i.base_price, i.lifecycle
  FROM wishlist_items w JOIN items i ON i.id = w.item_id`;

function entryView(r: EntryRow): WishlistEntry {
  return {
    itemId: Number(r.item_id), name: r.name, basePrice: Number(r.base_price), lifecycle: r.lifecycle,
    onSale: r.lifecycle === 'SALES', addedAt: r.added_at.toISOString(),
  };
}

/** The buyer's entries, newest first, keyset-paged. */
export async function listWishlist(db: pg.Pool, userId: number, limit: number, before?: number): Promise<Page<WishlistEntry>> {
  const { rows } = await db.query<EntryRow>(
    `${entrySelect} WHERE w.user_id = $1 AND w.id < coalesce($2::bigint, 9223372036854775807) ORDER BY w.id DESC LIMIT $3`,
    [userId, before ?? null, limit + 1],
  );
  return idPage(rows, limit, entryView);
}

/**
 * Adds the item (`created`: false when it was there already). Additions of one buyer are serialised by
 * a transaction-scoped advisory lock on the buyer, so concurrent ones cannot both take the last place.
 */
export async function addToWishlist(db: pg.Pool, userId: number, itemId: number, cap: number): Promise<{ entry: WishlistEntry; created: boolean }> {
  const lifecycle = await itemLifecycle(db, itemId);
  if (!lifecycle || !publicLifecycles.includes(lifecycle)) throw new EngineError('NOT_FOUND', `item ${itemId} not found`);
  const created = await inTransaction(db, async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('wishlist:' || $1::text, 0))`, [userId]);
    const inserted = await client.query(
      `INSERT INTO wishlist_items (user_id, item_id)
       SELECT $1, $2 WHERE (SELECT count(*) FROM wishlist_items WHERE user_id = $1) < $3
       ON CONFLICT (user_id, item_id) DO NOTHING RETURNING id`,
      [userId, itemId, cap],
    );
    if (inserted.rowCount !== 0) return true;
    if (await entryRow(client, userId, itemId)) return false;
    throw new EngineError('WISHLIST_FULL', `a wishlist holds at most ${cap} items; remove one first`);
  }).catch((err: unknown) => {
    // the item was deleted between the look-up and the insert
    if (isForeignKeyViolation(err)) throw new EngineError('NOT_FOUND', `item ${itemId} not found`);
    throw err;
  });
  return { entry: entryView((await entryRow(db, userId, itemId))!), created };
}

/** Removes the item; removing one that is not listed changes nothing, an item that does not exist is not found. */
export async function removeFromWishlist(db: pg.Pool, userId: number, itemId: number): Promise<void> {
  const removed = await db.query('DELETE FROM wishlist_items WHERE user_id = $1 AND item_id = $2', [userId, itemId]);
  if (removed.rowCount === 0 && !(await itemLifecycle(db, itemId))) throw new EngineError('NOT_FOUND', `item ${itemId} not found`);
}

async function entryRow(db: pg.Pool | pg.PoolClient, userId: number, itemId: number): Promise<EntryRow | undefined> {
  const { rows } = await db.query<EntryRow>(`${entrySelect} WHERE w.user_id = $1 AND w.item_id = $2`, [userId, itemId]);
  return rows[0];
}
