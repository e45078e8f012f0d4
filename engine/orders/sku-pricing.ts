// Prices and sellers of SKUs from the catalog: a SKU's price is its item's base price plus its delta.
import type pg from 'pg';

export interface PricedSku {
  skuId: number;
  itemId: number;
  sellerId: number;
  name: string;
  unitPrice: number;
  onSale: boolean;
}

export async function lookupSkus(db: pg.Pool | pg.PoolClient, skuIds: number[]): Promise<Map<number, PricedSku>> {
  if (skuIds.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; item_id: string; seller_id: string; name: string; price: string; lifecycle: string }>(
    `SELECT s.id, s.item_id, i.seller_id, i.name, i.base_price + s.price_delta AS price, i.lifecycle
     FROM skus s JOIN items i ON i.id = s.item_id WHERE s.id = ANY($1::bigint[])`,
    [skuIds],
  );
  return new Map(
    rows.map((r) => [
      Number(r.id),
      { skuId: Number(r.id), itemId: Number(r.item_id), sellerId: Number(r.seller_id), name: r.name, unitPrice: Number(r.price), onSale: r.lifecycle === 'SALES' },
    ]),
  );
}
