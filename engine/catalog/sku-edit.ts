// Seller edits of one SKU (price delta, stock): version-checked on the SKU row, and the parent item's
// edit lock applies. A stock change moves the Redis counter by the same amount after the commit.
// Answers the item as it now reads.
import type { Principal } from '../auth/principal.js';
import { EngineError } from '../platform/errors.js';
import { invalidateCatalogCache } from './catalog-cache.js';
import type { ItemView, ProductType, SkuUpdate } from './catalog-types.js';
import { adjustStock } from './inventory-counters.js';
import { assertItemEditor, explainMiss, lockAllows } from './item-guard.js';
import type { EditContext } from './item-edit.js';
import { readItem } from './item-view.js';
import { isCheckViolation } from '../platform/db/pg-errors.js';

export async function updateSku(ctx: EditContext, principal: Principal, skuId: number, input: SkuUpdate): Promise<ItemView> {
  const { rows } = await ctx.db.query<{ item_id: string; stock: number; product_type: ProductType }>(
    'SELECT s.item_id, s.stock, i.product_type FROM skus s JOIN items i ON i.id = s.item_id WHERE s.id = $1',
    [skuId],
  );
  if (rows.length === 0) throw new EngineError('NOT_FOUND', `sku ${skuId} not found`);
  const itemId = Number(rows[0].item_id);
  await assertItemEditor(ctx.db, itemId, principal);
  const updated = await ctx.db
    .query<{ old_stock: number; stock: number }>(
      `UPDATE skus s SET price_delta = coalesce($5, s.price_delta), stock = coalesce($6, s.stock), version = s.version + 1
       FROM items i, (SELECT stock AS old_stock FROM skus WHERE id = $1) o
       WHERE s.id = $1 AND s.version = $2 AND i.id = s.item_id AND ${lockAllows('i', 3, 4)}
       RETURNING o.old_stock, s.stock`,
      [skuId, input.version, principal.userId, ctx.lockTtlMs, input.priceDelta ?? null, input.stock ?? null],
    )
    .catch((err: unknown) => {
      if (isCheckViolation(err)) throw new EngineError('STOCK_BELOW_COMMITTED', 'stock cannot go below the units held and sold');
      throw err;
    });
  if (updated.rowCount === 0) await explainMiss(ctx.db, itemId, principal.userId, ctx.lockTtlMs, 'sku', skuId);
  const { old_stock, stock } = updated.rows[0];
  // the version check guarantees old_stock is the value this write replaced
  if (old_stock !== stock) await adjustStock(ctx.redis, ctx.namespace, skuId, rows[0].product_type, old_stock, stock);
  await invalidateCatalogCache(ctx.redis, ctx.namespace);
  return readItem(ctx.db, itemId, ctx.lockTtlMs);
}
