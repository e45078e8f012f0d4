// Seller edits of an item: every write carries the version it read and also respects an explicit
// edit lock held by someone else. Writes are single guarded UPDATEs; a miss is explained as 404/423/409.
// An admin passes an item's review (reviewItem); an item goes on sale only while its seller is approved.
import type pg from 'pg';
import type { Principal } from '../auth/principal.js';
import { inTransaction } from '../platform/db/transaction.js';
import { EngineError } from '../platform/errors.js';
import { invalidateCatalogCache, type CatalogWriteContext } from './catalog-cache.js';
import type { InventoryCounters, ItemUpdate, ItemView, Lifecycle } from './catalog-types.js';
import { assertItemEditor, explainMiss } from './item-guard.js';
import { clearItemLock, deleteItemRow, itemLifecycle, moveLifecycle, setItemLock, updateItemFields, type ItemWriter } from './item-rows.js';
import { readItem } from './item-view.js';
import { isLegalTransition } from './lifecycle.js';
import { skuIdsOfItem } from './sku-rows.js';
import { categoryExists } from './category-store.js';
import { assertSellerApproved } from './seller-store.js';
import { isForeignKeyViolation } from '../platform/db/pg-errors.js';

export interface EditContext extends CatalogWriteContext {
  lockTtlMs: number;
  inventory: InventoryCounters;
}

const writer = (ctx: EditContext, principal: Principal): ItemWriter => ({ userId: principal.userId, lockTtlMs: ctx.lockTtlMs });

export async function updateItem(ctx: EditContext, principal: Principal, itemId: number, input: ItemUpdate): Promise<ItemView> {
  await assertItemEditor(ctx.db, itemId, principal);
  if (input.categoryId !== undefined) {
    if (!(await categoryExists(ctx.db, input.categoryId))) throw new EngineError('INVALID_INPUT', `category ${input.categoryId} does not exist`);
  }
  if (!(await updateItemFields(ctx.db, itemId, writer(ctx, principal), input))) await explainMiss(ctx.db, itemId, principal.userId, ctx.lockTtlMs);
  await invalidateCatalogCache(ctx.redis, ctx.namespace);
  return readItem(ctx.db, itemId, ctx.lockTtlMs);
}

/**
 * The seller moves the lifecycle one legal step and records the event, in one transaction. Passing the
 * review (REVIEW -> PREPARATION) is an admin's decision: reviewItem.
 */
export async function transitionItem(ctx: EditContext, principal: Principal, itemId: number, to: Lifecycle, version: number): Promise<ItemView> {
  const sellerId = await assertItemEditor(ctx.db, itemId, principal);
  await inTransaction(ctx.db, async (client) => {
    const from = await itemLifecycle(client, itemId);
    if (from === 'REVIEW' && to === 'PREPARATION') {
      throw new EngineError('REVIEW_REQUIRES_ADMIN', 'an admin passes the review: POST /api/v1/admin/items/{id}/review');
    }
    await moveItem(client, ctx, principal, { itemId, sellerId, from }, to, version);
  });
  await invalidateCatalogCache(ctx.redis, ctx.namespace);
  return readItem(ctx.db, itemId, ctx.lockTtlMs);
}

/**
 * An admin's review of an item in REVIEW, in the caller's transaction (which records the audit):
 * approved it goes on to PREPARATION, else back to DEVELOPMENT. The caller invalidates the read cache.
 */
export async function reviewItem(client: pg.PoolClient, ctx: EditContext, principal: Principal, itemId: number, approved: boolean, version: number): Promise<Lifecycle> {
  const sellerId = await assertItemEditor(client, itemId, principal);
  const from = await itemLifecycle(client, itemId);
  if (from !== undefined && from !== 'REVIEW') throw new EngineError('ITEM_NOT_IN_REVIEW', `item ${itemId} is ${from}, not in REVIEW`);
  const to = approved ? 'PREPARATION' : 'DEVELOPMENT';
  await moveItem(client, ctx, principal, { itemId, sellerId, from }, to, version);
  return to;
}

/** One legal, version-checked step; an item goes on sale only while its seller is approved. */
async function moveItem(
  client: pg.PoolClient, ctx: EditContext, principal: Principal,
  item: { itemId: number; sellerId: number; from: Lifecycle | undefined }, to: Lifecycle, version: number,
): Promise<void> {
  const { itemId, sellerId, from } = item;
  if (!from) throw new EngineError('NOT_FOUND', `item ${itemId} not found`);
  if (!isLegalTransition(from, to)) throw new EngineError('ILLEGAL_TRANSITION', `an item cannot go from ${from} to ${to}`);
  if (to === 'SALES') await assertSellerApproved(client, sellerId);
  if (!(await moveLifecycle(client, itemId, version, writer(ctx, principal), from, to))) await explainMiss(client, itemId, principal.userId, ctx.lockTtlMs);
}

/** Takes (or renews) the explicit edit lock; 423 while someone else's lock is live. */
export async function lockItem(ctx: EditContext, principal: Principal, itemId: number): Promise<ItemView> {
  await assertItemEditor(ctx.db, itemId, principal);
  if (!(await setItemLock(ctx.db, itemId, writer(ctx, principal)))) await explainMiss(ctx.db, itemId, principal.userId, ctx.lockTtlMs);
  await invalidateCatalogCache(ctx.redis, ctx.namespace);
  return readItem(ctx.db, itemId, ctx.lockTtlMs);
}

/** Gives up the caller's own lock (someone else's live lock is 423; nothing held is fine). */
export async function unlockItem(ctx: EditContext, principal: Principal, itemId: number): Promise<ItemView> {
  await assertItemEditor(ctx.db, itemId, principal);
  if (!(await clearItemLock(ctx.db, itemId, writer(ctx, principal)))) await explainMiss(ctx.db, itemId, principal.userId, ctx.lockTtlMs);
  await invalidateCatalogCache(ctx.redis, ctx.namespace);
  return readItem(ctx.db, itemId, ctx.lockTtlMs);
}

/** Deletes an item no reservation refers to (version-checked, lock respected); removes its counters. */
export async function deleteItem(ctx: EditContext, principal: Principal, itemId: number, version: number): Promise<void> {
  await assertItemEditor(ctx.db, itemId, principal);
  const skuIds = await skuIdsOfItem(ctx.db, itemId);
  const deleted = await deleteItemRow(ctx.db, itemId, version, writer(ctx, principal)).catch((err: unknown) => {
    if (isForeignKeyViolation(err)) throw new EngineError('ITEM_IN_USE', `item ${itemId} has reservations; retire it (END_OF_LIFE) instead`);
    throw err;
  });
  if (!deleted) await explainMiss(ctx.db, itemId, principal.userId, ctx.lockTtlMs);
  await ctx.inventory.remove(skuIds);
  await invalidateCatalogCache(ctx.redis, ctx.namespace);
}
