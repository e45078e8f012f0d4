// Configuration of the catalog and reservation domains, from environment variables
// (composed into EngineConfig by engine/platform/config.ts as `config.catalog`).
//   CATALOG_EDIT_LOCK_TTL_MS         30000  how long a seller's explicit edit lock holds
//   CATALOG_CACHE_TTL_SEC            60     Redis TTL of cached item pages and listings
//   CATALOG_LRU_ENTRIES              500    in-process LRU size of each edge
//   WISHLIST_MAX_ITEMS               200    items one buyer may keep in their wishlist
//   RESERVATION_HOLD_TTL_MS          600000 how long a HELD reservation lasts before it expires
//   RESERVATION_MAX_ITEMS            20     items per reservation request
//   RESERVATION_EXPIRY_INTERVAL_MS   5000   how often the pg-boss expiry job runs
//   RESERVATION_SWEEP_MIN_AGE_MS     3000   a PENDING reservation older than this is republished
//   RESERVATION_SKU_CACHE_MS         1000   how long the intake trusts a SKU's cached lifecycle and slots
//   RESERVATION_MAX_HELD_UNITS_PER_USER 20  units one buyer may hold at once through reservations (0: no cap)
import { int } from '../platform/config.js';

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

export function loadCatalogConfig(env: NodeJS.ProcessEnv): CatalogConfig {
  return {
    editLockTtlMs: int(env, 'CATALOG_EDIT_LOCK_TTL_MS', 30_000),
    cacheTtlSec: int(env, 'CATALOG_CACHE_TTL_SEC', 60),
    lruEntries: int(env, 'CATALOG_LRU_ENTRIES', 500),
    wishlistMaxItems: Math.max(1, int(env, 'WISHLIST_MAX_ITEMS', 200)),
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
