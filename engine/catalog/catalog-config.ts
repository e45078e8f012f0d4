// Configuration of the catalog and reservation domains (`config.catalog`), from the validated variables of
// engine/platform/config-schema.ts (types, ranges, defaults and meanings there and in docs/configuration.md).
import { resolve } from 'node:path';
import { projectRoot, type ConfigValues } from '../platform/config.js';

export interface CatalogConfig {
  editLockTtlMs: number;
  cacheTtlSec: number;
  lruEntries: number;
  wishlistMaxItems: number;
  images: ItemImageConfig;
  reservation: {
    holdTtlMs: number;
    maxItems: number;
    expiryIntervalMs: number;
    sweepMinAgeMs: number;
    skuCacheMs: number;
    maxHeldUnitsPerUser: number;
  };
}

export interface ItemImageConfig {
  dir: string;
  maxBytes: number;
  maxImages: number;
  thumbnailPx: number;
  uploadsMaxConcurrent: number;
}

/** `dataDir`: the engine's DATA_DIR, already resolved by engine/platform/config.ts. */
export function loadCatalogConfig(v: ConfigValues, dataDir: string): CatalogConfig {
  return {
    editLockTtlMs: v.CATALOG_EDIT_LOCK_TTL_MS,
    cacheTtlSec: v.CATALOG_CACHE_TTL_SEC,
    lruEntries: v.CATALOG_LRU_ENTRIES,
    wishlistMaxItems: v.WISHLIST_MAX_ITEMS,
    images: {
      dir: resolve(projectRoot, v.ITEM_IMAGE_DIR ?? resolve(dataDir, 'objects/items')),
      maxBytes: v.ITEM_IMAGE_MAX_BYTES,
      maxImages: v.ITEM_MAX_IMAGES,
      thumbnailPx: v.ITEM_THUMBNAIL_PX,
      uploadsMaxConcurrent: v.ITEM_UPLOADS_MAX_CONCURRENT,
    },
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
