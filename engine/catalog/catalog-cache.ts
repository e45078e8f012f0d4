// Cache-aside for hot catalog reads: a small in-process LRU in front of Redis (TTL) in front of
// Postgres. Every catalog write bumps one generation counter in Redis after its commit; cache keys
// include the generation, so a write makes every older entry unreachable on every edge at once
// (and a reader that loaded old data before the bump stores it under the old generation, unread).
import { createHash } from 'node:crypto';
import type { RedisClient } from '../platform/redis/redis-client.js';
import type pg from 'pg';
import { catalogKeys, type CatalogKeys } from './catalog-keys.js';

/** What a catalog write needs: the database, and Redis to invalidate the read cache after its commit. */
export interface CatalogWriteContext {
  db: pg.Pool;
  redis: RedisClient;
  namespace: string;
}

/** Makes every cached catalog read unreachable on every edge; each catalog write calls it after its commit. */
export async function invalidateCatalogCache(redis: RedisClient, namespace: string): Promise<void> {
  await redis.incr(catalogKeys(namespace).generation);
}

export interface CachedBody {
  body: string;
  /** strong ETag of the body */
  etag: string;
}

export class CatalogCache {
  private readonly lru = new Map<string, CachedBody>();
  private readonly keys: CatalogKeys;

  constructor(
    private readonly redis: RedisClient,
    namespace: string,
    private readonly ttlSec: number,
    private readonly lruEntries: number,
  ) {
    this.keys = catalogKeys(namespace);
  }

  /** The cached answer for `key`, or `load()` encoded and cached; `bypass` reads around the cache (and refills it). */
  async get(key: string, load: () => Promise<unknown>, bypass = false): Promise<CachedBody> {
    const generation = (await this.redis.get(this.keys.generation)) ?? '0';
    const fullKey = `${generation}:${key}`;
    if (!bypass) {
      const local = this.lru.get(fullKey);
      if (local) {
        // refresh recency: a Map iterates in insertion order, so the first key is the least recent
        this.lru.delete(fullKey);
        this.lru.set(fullKey, local);
        return local;
      }
      const shared = await this.redis.get(this.keys.cached(fullKey));
      if (shared !== null) {
        const cut = shared.indexOf('\n');
        return this.remember(fullKey, { etag: shared.slice(0, cut), body: shared.slice(cut + 1) });
      }
    }
    const body = JSON.stringify(await load());
    const entry = { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
    await this.redis.set(this.keys.cached(fullKey), `${entry.etag}\n${body}`, 'EX', this.ttlSec);
    return this.remember(fullKey, entry);
  }

  private remember(fullKey: string, entry: CachedBody): CachedBody {
    this.lru.set(fullKey, entry);
    if (this.lru.size > this.lruEntries) this.lru.delete(this.lru.keys().next().value!);
    return entry;
  }
}
