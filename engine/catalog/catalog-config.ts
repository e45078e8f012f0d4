// Configuration of the catalog and reservation domains, from environment variables
// (composed into EngineConfig by engine/platform/config.ts as `config.catalog`).
//   CATALOG_EDIT_LOCK_TTL_MS         30000  how long a seller's explicit edit lock holds
//   CATALOG_CACHE_TTL_SEC            60     Redis TTL of cached item pages and listings
//   CATALOG_LRU_ENTRIES              500    in-process LRU size of each edge
//   WISHLIST_MAX_ITEMS               200    items one buyer may keep in their wishlist
//   ITEM_IMAGE_DIR                   <DATA_DIR>/objects/items  where item images and thumbnails are stored
//   ITEM_IMAGE_MAX_BYTES             5000000 size limit of one item image
//   ITEM_MAX_IMAGES                  10     images per item
//   ITEM_THUMBNAIL_PX                320    the longer side of an item image's thumbnail (WebP)
//   ITEM_UPLOADS_MAX_CONCURRENT      8      item image uploads one edge process receives at once (more: 503 UPLOADS_BUSY)
//   RESERVATION_HOLD_TTL_MS          600000 how long a HELD reservation lasts before it expires
//   RESERVATION_MAX_ITEMS            20     items per reservation request
//   RESERVATION_EXPIRY_INTERVAL_MS   5000   how often the pg-boss expiry job runs
//   RESERVATION_SWEEP_MIN_AGE_MS     3000   a PENDING reservation older than this is republished
//   RESERVATION_SKU_CACHE_MS         1000   how long the intake trusts a SKU's cached lifecycle and slots
//   RESERVATION_MAX_HELD_UNITS_PER_USER 20  units one buyer may hold at once through reservations (0: no cap)
import { resolve } from 'node:path';
import { int, projectRoot, str } from '../platform/config.js';

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
export function loadCatalogConfig(env: NodeJS.ProcessEnv, dataDir: string): CatalogConfig {
  return {
    editLockTtlMs: int(env, 'CATALOG_EDIT_LOCK_TTL_MS', 30_000),
    cacheTtlSec: int(env, 'CATALOG_CACHE_TTL_SEC', 60),
    lruEntries: int(env, 'CATALOG_LRU_ENTRIES', 500),
    wishlistMaxItems: Math.max(1, int(env, 'WISHLIST_MAX_ITEMS', 200)),
    images: {
      dir: resolve(projectRoot, str(env, 'ITEM_IMAGE_DIR', resolve(dataDir, 'objects/items'))),
      maxBytes: Math.max(1, int(env, 'ITEM_IMAGE_MAX_BYTES', 5_000_000)),
      maxImages: Math.max(1, int(env, 'ITEM_MAX_IMAGES', 10)),
      thumbnailPx: Math.max(16, int(env, 'ITEM_THUMBNAIL_PX', 320)),
      uploadsMaxConcurrent: Math.max(1, int(env, 'ITEM_UPLOADS_MAX_CONCURRENT', 8)),
    },
    reservation: {
      holdTtlMs: int(env, 'RESERVATION_HOLD_TTL_MS', 600_000),
      maxItems: int(env, 'RESERVATION_MAX_ITEMS', 20),
      expiryIntervalMs: int(env, 'RESERVATION_EXPIRY_INTERVAL_MS', 5_000),
      sweepMinAgeMs: int(env, 'RESERVATION_SWEEP_MIN_AGE_MS', 3_000),
      skuCacheMs: int(env, 'RESERVATION_SKU_CACHE_MS', 1_000),
      maxHeldUnitsPerUser: int(env, 'RESERVATION_MAX_HELD_UNITS_PER_USER', 20),
    },
  };
}
