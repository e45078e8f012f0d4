// SQL of the `skus` table: prices, lifecycle and slots, an item's SKUs, the seller's edit (guarded by the item's
// edit lock), the held/sold columns reservations move (and their row locks), and the pages the inventory
// counter rebuild reads.
// The read models (item-view.ts) join SKUs into the item in one query.
import type pg from 'pg';
import type { SkuUpdate, ProductType } from './catalog-types.js';
import { lockAllows, type ItemWriter } from './item-rows.js';

type Queryable = pg.Pool | pg.PoolClient;

export interface PricedSku {
  skuId: number;
  itemId: number;
  sellerId: number;
  name: string;
  unitPrice: number;
  /** the item is in SALES: only then are orders and holds taken */
  onSale: boolean;
  productType: ProductType;
  /** RESERVABLE: the slots it takes holds for */
  slots: string[];
  /** the item's cap on units per buyer over their non-cancelled orders; null: none */
  maxPerBuyer: number | null;
}

/** Prices, sellers, lifecycle and slots of SKUs: a SKU's price is its item's base price plus its delta. */
export async function lookupSkus(db: Queryable, skuIds: number[]): Promise<Map<number, PricedSku>> {
  if (skuIds.length === 0) return new Map();
  const { rows } = await db.query<{
    id: string; item_id: string; seller_id: string; name: string; price: string; lifecycle: string; product_type: ProductType; slots: string[]; max_per_buyer: number | null;
  }>(
    `SELECT s.id, s.item_id, i.seller_id, i.name, i.base_price + s.price_delta AS price, i.lifecycle, i.product_type, s.slots, i.max_per_buyer
     FROM skus s JOIN items i ON i.id = s.item_id WHERE s.id = ANY($1::bigint[])`,
    [skuIds],
  );
  return new Map(
    rows.map((r) => [
      Number(r.id),
      {
        skuId: Number(r.id), itemId: Number(r.item_id), sellerId: Number(r.seller_id), name: r.name, unitPrice: Number(r.price),
        onSale: r.lifecycle === 'SALES', productType: r.product_type, slots: r.slots, maxPerBuyer: r.max_per_buyer,
      },
    ]),
  );
}

export async function skuIdsOfItem(db: Queryable, itemId: number): Promise<number[]> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM skus WHERE item_id = $1', [itemId]);
  return rows.map((r) => Number(r.id));
}

export async function insertSku(client: pg.PoolClient, itemId: number, optionValueIds: number[], priceDelta: number, stock: number, slots: string[]): Promise<void> {
  await client.query('INSERT INTO skus (item_id, option_value_ids, price_delta, stock, slots) VALUES ($1, $2, $3, $4, $5)', [itemId, optionValueIds, priceDelta, stock, slots]);
}

/** The SKU's item, stock and product type, or undefined. */
export async function skuForEdit(db: Queryable, skuId: number): Promise<{ itemId: number; stock: number; productType: ProductType } | undefined> {
  const { rows } = await db.query<{ item_id: string; stock: number; product_type: ProductType }>(
    'SELECT s.item_id, s.stock, i.product_type FROM skus s JOIN items i ON i.id = s.item_id WHERE s.id = $1',
    [skuId],
  );
  return rows[0] && { itemId: Number(rows[0].item_id), stock: rows[0].stock, productType: rows[0].product_type };
}

/**
 * Sets price delta, stock and slots at the version read, if the item's lock lets the writer; answers the
 * stock before and after, or undefined when the guarded update missed. A stock below the units held
 * and sold throws the CHECK violation.
 */
export async function updateSkuFields(db: Queryable, skuId: number, writer: ItemWriter, input: SkuUpdate): Promise<{ oldStock: number; stock: number } | undefined> {
  const { rows } = await db.query<{ old_stock: number; stock: number }>(
    `UPDATE skus s SET price_delta = coalesce($5, s.price_delta), stock = coalesce($6, s.stock), slots = coalesce($7, s.slots), version = s.version + 1
     FROM items i, (SELECT stock AS old_stock FROM skus WHERE id = $1) o
     WHERE s.id = $1 AND s.version = $2 AND i.id = s.item_id AND ${lockAllows('i', 3, 4)}
     RETURNING o.old_stock, s.stock`,
    [skuId, input.version, writer.userId, writer.lockTtlMs, input.priceDelta ?? null, input.stock ?? null, input.slots ?? null],
  );
  return rows[0] && { oldStock: rows[0].old_stock, stock: rows[0].stock };
}

/**
 * Locks, in id order, the SKU rows a reservation holds units of (its items read by id: the row lock is
 * the SKUs', so it lives here).
 */
export async function lockSkusOfReservation(client: pg.PoolClient, reservationId: string): Promise<void> {
  await client.query(
    `SELECT 1 FROM skus WHERE id IN (SELECT sku_id FROM reservation_items WHERE reservation_id = $1) ORDER BY id FOR UPDATE`,
    [reservationId],
  );
}

/** Moves units between held and sold at the version read; false when another writer moved the version. */
export interface SkuUnitsMove {
  id: number;
  held: number;
  sold: number;
}

/**
 * Moves held/sold of a batch's REALTIME SKUs in one round trip (migration 013: per SKU, in id order, a
 * version read and a version-checked UPDATE, so concurrent batches never deadlock); answers the number
 * of version misses.
 */
export async function moveSkuUnits(client: pg.PoolClient, moves: SkuUnitsMove[]): Promise<number> {
  if (moves.length === 0) return 0;
  const { rows } = await client.query<{ misses: number }>('SELECT move_sku_units($1::bigint[], $2::int[], $3::int[]) AS misses', [
    moves.map((m) => m.id),
    moves.map((m) => m.held),
    moves.map((m) => m.sold),
  ]);
  return rows[0].misses;
}

export async function skuCount(db: Queryable): Promise<number> {
  return Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM skus')).rows[0].n);
}

/** A page (by id) of SKUs with what their counters are rebuilt from. */
export async function skuCounterPage(
  db: Queryable,
  after: number,
  limit: number,
): Promise<{ id: string; product_type: ProductType; stock: number; held: number; sold: number }[]> {
  const { rows } = await db.query<{ id: string; product_type: ProductType; stock: number; held: number; sold: number }>(
    `SELECT s.id, i.product_type, s.stock, s.held, s.sold FROM skus s JOIN items i ON i.id = s.item_id
     WHERE s.id > $1 ORDER BY s.id LIMIT $2`,
    [after, limit],
  );
  return rows;
}
