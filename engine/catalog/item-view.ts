// Reads one item with its option groups and SKUs, as the detail page and the seller see it.
import type pg from 'pg';
import type { Principal } from '../auth/principal.js';
import { EngineError } from '../platform/errors.js';
import type { ItemNotice, ItemView, Lifecycle, ProductType, TaxType } from './catalog-types.js';
import { imageView, itemImagesJson, type ItemImageRow } from './item-images.js';
import { assertSellerMember } from './seller-store.js';

interface ItemRow {
  id: string;
  seller_id: string;
  category_id: string;
  name: string;
  description: string;
  product_type: ProductType;
  lifecycle: Lifecycle;
  base_price: string;
  version: number;
  locked_by: string | null;
  locked_at: Date | null;
  max_per_buyer: number | null;
  minors_allowed: boolean;
  tax_type: TaxType;
  notice: ItemNotice;
  images: ItemImageRow[] | null;
  groups: { id: number; name: string; values: { id: number; value: string }[] }[] | null;
  skus: { id: number; option_value_ids: number[]; price_delta: number; stock: number; held: number; sold: number; slots: string[]; version: number }[] | null;
}

const itemQuery = `
  SELECT i.*,
    (SELECT json_agg(json_build_object('id', g.id, 'name', g.name, 'values',
        (SELECT coalesce(json_agg(json_build_object('id', v.id, 'value', v.value) ORDER BY v.position), '[]')
         FROM option_values v WHERE v.group_id = g.id)) ORDER BY g.position)
     FROM option_groups g WHERE g.item_id = i.id) AS groups,
    (SELECT json_agg(s ORDER BY s.id) FROM skus s WHERE s.item_id = i.id) AS skus,
    ${itemImagesJson('i')} AS images
  FROM items i WHERE i.id = $1`;

export async function readItem(db: pg.Pool | pg.PoolClient, id: number, lockTtlMs: number, visible?: readonly Lifecycle[]): Promise<ItemView> {
  const { rows } = await db.query<ItemRow>(itemQuery, [id]);
  const row = rows[0];
  if (!row || (visible && !visible.includes(row.lifecycle))) throw new EngineError('NOT_FOUND', `item ${id} not found`);
  const basePrice = Number(row.base_price);
  const groups = (row.groups ?? []).map((g) => ({ id: Number(g.id), name: g.name, values: g.values.map((v) => ({ id: Number(v.id), value: v.value })) }));
  const valueNames = new Map(groups.flatMap((g) => g.values.map((v) => [v.id, v.value] as const)));
  const lockExpires = row.locked_at ? row.locked_at.getTime() + lockTtlMs : 0;
  return {
    id: Number(row.id),
    sellerId: Number(row.seller_id),
    categoryId: Number(row.category_id),
    name: row.name,
    description: row.description,
    productType: row.product_type,
    lifecycle: row.lifecycle,
    basePrice,
    version: row.version,
    lock:
      row.locked_by !== null && lockExpires > Date.now()
        ? { lockedBy: Number(row.locked_by), lockedAt: row.locked_at!.toISOString(), expiresAt: new Date(lockExpires).toISOString() }
        : null,
    maxPerBuyer: row.max_per_buyer,
    minorsAllowed: row.minors_allowed,
    taxType: row.tax_type,
    notice: row.notice,
    images: (row.images ?? []).map(imageView),
    optionGroups: groups,
    skus: (row.skus ?? []).map((s) => ({
      id: Number(s.id),
      optionValueIds: s.option_value_ids.map(Number),
      options: s.option_value_ids.map((v) => valueNames.get(Number(v)) ?? ''),
      priceDelta: Number(s.price_delta),
      price: basePrice + Number(s.price_delta),
      stock: s.stock,
      held: s.held,
      sold: s.sold,
      available: s.stock - s.held - s.sold,
      slots: s.slots,
      version: s.version,
    })),
  };
}

/** An item in any lifecycle state, for the members of its seller (or an admin). */
export async function readSellerItem(db: pg.Pool, principal: Principal, itemId: number, lockTtlMs: number): Promise<ItemView> {
  const item = await readItem(db, itemId, lockTtlMs);
  await assertSellerMember(db, item.sellerId, principal);
  return item;
}
