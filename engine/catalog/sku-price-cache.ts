// What the order and reservation intakes need of SKUs (price, seller, whether on sale, slots), cached in
// process for a short time: a hot SKU's burst of orders or holds reads the catalog once per TTL
// (ORDER_PRICE_CACHE_MS, RESERVATION_SKU_CACHE_MS) instead of once per request. A price, lifecycle or
// slot change is seen by new requests at most that late.
import type pg from 'pg';
import { lookupSkus, type PricedSku } from './sku-rows.js';

export class SkuPriceCache {
  private readonly entries = new Map<number, { sku: PricedSku | undefined; until: number }>();

  constructor(
    private readonly db: pg.Pool,
    private readonly ttlMs: number,
    private readonly maxEntries = 50_000,
  ) {}

  async get(skuIds: number[]): Promise<Map<number, PricedSku | undefined>> {
    const now = Date.now();
    const found = new Map<number, PricedSku | undefined>();
    const missing: number[] = [];
    for (const id of skuIds) {
      const entry = this.entries.get(id);
      if (entry && entry.until > now) found.set(id, entry.sku);
      else missing.push(id);
    }
    if (missing.length === 0) return found;
    const loaded = await lookupSkus(this.db, missing);
    if (this.entries.size + missing.length > this.maxEntries) this.entries.clear();
    for (const id of missing) {
      const sku = loaded.get(id);
      found.set(id, sku);
      this.entries.set(id, { sku, until: now + this.ttlMs });
    }
    return found;
  }
}
