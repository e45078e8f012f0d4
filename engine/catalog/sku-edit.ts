// Seller edits of one SKU (price delta, stock, a RESERVABLE SKU's slots): version-checked on the SKU
// row, and the parent item's edit lock applies. A stock change moves the Redis counter by the same
// amount after the commit.
// Answers the item as it now reads.
import type { Principal } from '../auth/principal.js';
import { EngineError } from '../platform/errors.js';
import { invalidateCatalogCache } from './catalog-cache.js';
import type { ItemView, SkuUpdate } from './catalog-types.js';
import { checkSlots } from './item-create.js';
import { assertItemEditor, explainMiss } from './item-guard.js';
import type { EditContext } from './item-edit.js';
import { readItem } from './item-view.js';
import { skuForEdit, updateSkuFields } from './sku-rows.js';
import { isCheckViolation } from '../platform/db/pg-errors.js';

export async function updateSku(ctx: EditContext, principal: Principal, skuId: number, input: SkuUpdate): Promise<ItemView> {
  const sku = await skuForEdit(ctx.db, skuId);
  if (!sku) throw new EngineError('NOT_FOUND', `sku ${skuId} not found`);
  const { itemId } = sku;
  checkSlots(sku.productType, input.slots);
  await assertItemEditor(ctx.db, itemId, principal);
  const updated = await updateSkuFields(ctx.db, skuId, { userId: principal.userId, lockTtlMs: ctx.lockTtlMs }, input).catch((err: unknown) => {
    if (isCheckViolation(err)) throw new EngineError('STOCK_BELOW_COMMITTED', 'stock cannot go below the units held and sold');
    throw err;
  });
  if (!updated) return explainMiss(ctx.db, itemId, principal.userId, ctx.lockTtlMs, 'sku', skuId);
  // the version check guarantees oldStock is the value this write replaced
  if (updated.oldStock !== updated.stock) await ctx.inventory.adjust(skuId, sku.productType, updated.oldStock, updated.stock);
  await invalidateCatalogCache(ctx.redis, ctx.namespace);
  return readItem(ctx.db, itemId, ctx.lockTtlMs);
}
