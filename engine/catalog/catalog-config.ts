// Configuration of the catalog and reservation domains (`config.catalog`), from the validated variables of
// engine/platform/config-schema.ts (types, ranges, defaults and meanings there and in docs/configuration.md).
import type { ConfigValues } from '../platform/config.js';

export interface CatalogConfig {
  editLockTtlMs: number;
  cacheTtlSec: number;
  lruEntries: number;
  wishlistMaxItems: number;
  reservation: {
    holdTtlMs: number;
    maxItems: number;
    expiryIntervalMs: number;
    sweepMinAgeMs: number;
    skuCacheMs: number;
    maxHeldUnitsPerUser: number;
  };
}

export function loadCatalogConfig(v: ConfigValues): CatalogConfig {
  return {
    editLockTtlMs: v.CATALOG_EDIT_LOCK_TTL_MS,
    cacheTtlSec: v.CATALOG_CACHE_TTL_SEC,
    lruEntries: v.CATALOG_LRU_ENTRIES,
    wishlistMaxItems: v.WISHLIST_MAX_ITEMS,
    reservation: {
      holdTtlMs: v.RESERVATION_HOLD_TTL_MS,
      maxItems: v.RESERVATION_MAX_ITEMS,
      expiryIntervalMs: v.RESERVATION_EXPIRY_INTERVAL_MS,
      sweepMinAgeMs: v.RESERVATION_SWEEP_MIN_AGE_MS,
      skuCacheMs: v.RESERVATION_SKU_CACHE_MS,
      maxHeldUnitsPerUser: v.RESERVATION_MAX_HELD_UNITS_PER_USER,
    },
  };
}
