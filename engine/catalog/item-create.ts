// Creates an item with its option groups, values and SKU combinations in one transaction, then
// writes the new SKUs' Redis counters (a crash before that leaves them missing: admission refuses
// until `npm run counters:rebuild`, never guesses).
import type { Principal } from '../auth/principal.js';
import { inTransaction } from '../platform/db/transaction.js';
import { EngineError } from '../platform/errors.js';
import { invalidateCatalogCache } from './catalog-cache.js';
import type { ItemView, NewItem, ProductType } from './catalog-types.js';
import type { EditContext } from './item-edit.js';
import { insertItem, insertOptionGroup } from './item-rows.js';
import { readItem } from './item-view.js';
import { insertSku } from './sku-rows.js';
import { categoryExists } from './category-store.js';
import { assertSellerMember } from './seller-store.js';

/** Resolves each SKU's option names to value ids; every SKU names one value per group, combinations unique. */
function checkCombinations(input: NewItem): void {
  const groups = input.optionGroups ?? [];
  const seen = new Set<string>();
  for (const sku of input.skus) {
    const options = sku.options ?? [];
    if (options.length !== groups.length) throw new EngineError('INVALID_INPUT', `each SKU names one value for each of the ${groups.length} option groups`);
    options.forEach((value, g) => {
      if (!groups[g].values.includes(value)) throw new EngineError('INVALID_INPUT', `"${value}" is not a value of option group "${groups[g].name}"`);
    });
    const key = JSON.stringify(options);
    if (seen.has(key)) throw new EngineError('INVALID_INPUT', `SKU combination ${key} appears twice`);
    seen.add(key);
  }
  for (const group of groups) {
    if (new Set(group.values).size !== group.values.length) throw new EngineError('INVALID_INPUT', `option group "${group.name}" repeats a value`);
  }
  if (new Set(groups.map((g) => g.name)).size !== groups.length) throw new EngineError('INVALID_INPUT', 'option group names repeat');
}

/** Only a RESERVABLE SKU has slots; it takes holds for the ones it lists. */
export function checkSlots(productType: ProductType, slots: string[] | undefined): void {
  if (productType === 'REALTIME' && slots && slots.length > 0) throw new EngineError('INVALID_INPUT', 'only a RESERVABLE item\'s SKUs have slots');
}

export async function createItem(ctx: EditContext, principal: Principal, input: NewItem): Promise<ItemView> {
  const { db, redis, namespace, lockTtlMs } = ctx;
  checkCombinations(input);
  for (const sku of input.skus) checkSlots(input.productType, sku.slots);
  await assertSellerMember(db, input.sellerId, principal);
  const itemId = await inTransaction(db, async (client) => {
    if (!(await categoryExists(client, input.categoryId))) throw new EngineError('INVALID_INPUT', `category ${input.categoryId} does not exist`);
    const itemId = await insertItem(client, input);
    const valueIds: Map<string, number>[] = [];
    for (const [position, group] of (input.optionGroups ?? []).entries()) valueIds.push(await insertOptionGroup(client, itemId, position, group.name, group.values));
    for (const sku of input.skus) {
      const ids = (sku.options ?? []).map((value, g) => valueIds[g].get(value)!);
      await insertSku(client, itemId, ids, sku.priceDelta ?? 0, sku.stock, sku.slots ?? []);
    }
    return itemId;
  });
  const item = await readItem(db, itemId, lockTtlMs);
  await ctx.inventory.create(item.skus.map((s) => ({ skuId: s.id, productType: item.productType, stock: s.stock })));
  await invalidateCatalogCache(redis, namespace);
  return item;
}
