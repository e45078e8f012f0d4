// Seller edits of an item: every write carries the version it read and also respects an explicit
// edit lock held by someone else. Writes are single guarded UPDATEs; a miss is explained as 404/423/409.
import type { Principal } from '../auth/principal.js';
import { inTransaction } from '../platform/db/transaction.js';
import { EngineError } from '../platform/errors.js';
import { invalidateCatalogCache, type CatalogWriteContext } from './catalog-cache.js';
import type { ItemUpdate, ItemView, Lifecycle } from './catalog-types.js';
import { removeCounters } from './inventory-counters.js';
import { assertItemEditor, explainMiss, lockAllows } from './item-guard.js';
import { readItem } from './item-view.js';
import { isLegalTransition } from './lifecycle.js';
import { skuIdsOfItem } from './sku-rows.js';
import { categoryExists } from './category-store.js';
import { isForeignKeyViolation } from '../platform/db/pg-errors.js';

export interface EditContext extends CatalogWriteContext {
  lockTtlMs: number;
}

export async function updateItem(ctx: EditContext, principal: Principal, itemId: number, input: ItemUpdate): Promise<ItemView> {
  await assertItemEditor(ctx.db, itemId, principal);
  if (input.categoryId !== undefined) {
    if (!(await categoryExists(ctx.db, input.categoryId))) throw new EngineError('INVALID_INPUT', `category ${input.categoryId} does not exist`);
  }
  const updated = await ctx.db.query(
    `UPDATE items i SET name = coalesce($5, i.name), description = coalesce($6, i.description),
       base_price = coalesce($7, i.base_price), category_id = coalesce($8, i.category_id),
       version = i.version + 1, updated_at = now()
     WHERE i.id = $1 AND i.version = $2 AND ${lockAllows('i', 3, 4)}`,
    [itemId, input.version, principal.userId, ctx.lockTtlMs, input.name ?? null, input.description ?? null, input.basePrice ?? null, input.categoryId ?? null],
  );
  if (updated.rowCount === 0) await explainMiss(ctx.db, itemId, principal.userId, ctx.lockTtlMs);
  await invalidateCatalogCache(ctx.redis, ctx.namespace);
  return readItem(ctx.db, itemId, ctx.lockTtlMs);
}

/** Moves the lifecycle one legal step and records the event, in one transaction. */
export async function transitionItem(ctx: EditContext, principal: Principal, itemId: number, to: Lifecycle, version: number): Promise<ItemView> {
  await assertItemEditor(ctx.db, itemId, principal);
  await inTransaction(ctx.db, async (client) => {
    const { rows } = await client.query<{ lifecycle: Lifecycle }>('SELECT lifecycle FROM items WHERE id = $1', [itemId]);
    const from = rows[0]?.lifecycle;
    if (!from) throw new EngineError('NOT_FOUND', `item ${itemId} not found`);
    if (!isLegalTransition(from, to)) throw new EngineError('ILLEGAL_TRANSITION', `an item cannot go from ${from} to ${to}`);
    const updated = await client.query(
      `UPDATE items i SET lifecycle = $5, version = i.version + 1, updated_at = now()
       WHERE i.id = $1 AND i.version = $2 AND i.lifecycle = $6 AND ${lockAllows('i', 3, 4)}`,
      [itemId, version, principal.userId, ctx.lockTtlMs, to, from],
    );
    if (updated.rowCount === 0) await explainMiss(client, itemId, principal.userId, ctx.lockTtlMs);
    await client.query('INSERT INTO item_lifecycle_events (item_id, from_state, to_state, user_id) VALUES ($1, $2, $3, $4)', [itemId, from, to, principal.userId]);
  });
  await invalidateCatalogCache(ctx.redis, ctx.namespace);
  return readItem(ctx.db, itemId, ctx.lockTtlMs);
}

/** Takes (or renews) the explicit edit lock; 423 while someone else's lock is live. */
export async function lockItem(ctx: EditContext, principal: Principal, itemId: number): Promise<ItemView> {
  await assertItemEditor(ctx.db, itemId, principal);
  const updated = await ctx.db.query(
    `UPDATE items i SET locked_by = $2, locked_at = now() WHERE i.id = $1 AND ${lockAllows('i', 2, 3)}`,
    [itemId, principal.userId, ctx.lockTtlMs],
  );
  if (updated.rowCount === 0) await explainMiss(ctx.db, itemId, principal.userId, ctx.lockTtlMs);
  await invalidateCatalogCache(ctx.redis, ctx.namespace);
  return readItem(ctx.db, itemId, ctx.lockTtlMs);
}

/** Gives up the caller's own lock (someone else's live lock is 423; nothing held is fine). */
export async function unlockItem(ctx: EditContext, principal: Principal, itemId: number): Promise<ItemView> {
  await assertItemEditor(ctx.db, itemId, principal);
  const updated = await ctx.db.query(
    `UPDATE items i SET locked_by = NULL, locked_at = NULL WHERE i.id = $1 AND ${lockAllows('i', 2, 3)}`,
    [itemId, principal.userId, ctx.lockTtlMs],
  );
  if (updated.rowCount === 0) await explainMiss(ctx.db, itemId, principal.userId, ctx.lockTtlMs);
  await invalidateCatalogCache(ctx.redis, ctx.namespace);
  return readItem(ctx.db, itemId, ctx.lockTtlMs);
}

/** Deletes an item no reservation refers to (version-checked, lock respected); removes its counters. */
export async function deleteItem(ctx: EditContext, principal: Principal, itemId: number, version: number): Promise<void> {
  await assertItemEditor(ctx.db, itemId, principal);
  const skuIds = await skuIdsOfItem(ctx.db, itemId);
  const deleted = await ctx.db
    .query(`DELETE FROM items i WHERE i.id = $1 AND i.version = $2 AND ${lockAllows('i', 3, 4)}`, [itemId, version, principal.userId, ctx.lockTtlMs])
    .catch((err: unknown) => {
      if (isForeignKeyViolation(err)) throw new EngineError('ITEM_IN_USE', `item ${itemId} has reservations; retire it (END_OF_LIFE) instead`);
      throw err;
    });
  if (deleted.rowCount === 0) await explainMiss(ctx.db, itemId, principal.userId, ctx.lockTtlMs);
  await removeCounters(ctx.redis, ctx.namespace, skuIds);
  await invalidateCatalogCache(ctx.redis, ctx.namespace);
}
