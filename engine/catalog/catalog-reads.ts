// The public catalog reads, served cache-aside (catalog-cache.ts): each read names its cache entry and
// how to load it. `bypass` (the client's `Cache-Control: no-cache`) reads around the cache and refills it.
import type pg from 'pg';
import type { CachedBody, CatalogCache } from './catalog-cache.js';
import { categoryTree } from './category-store.js';
import { listItems, type ListingQuery } from './item-listing.js';
import { readItem } from './item-view.js';
import { publicLifecycles } from './lifecycle.js';

export interface CatalogReadContext {
  db: pg.Pool;
  cache: CatalogCache;
  lockTtlMs: number;
}

export function publicCategoryTree({ db, cache }: CatalogReadContext, bypass: boolean): Promise<CachedBody> {
  return cache.get('categories', () => categoryTree(db), bypass);
}

export function publicItem({ db, cache, lockTtlMs }: CatalogReadContext, id: number, bypass: boolean): Promise<CachedBody> {
  return cache.get(`item:${id}`, () => readItem(db, id, lockTtlMs, publicLifecycles), bypass);
}

export type PublicListingQuery = Omit<ListingQuery, 'lifecycles'>;

/** Cached per query: the key holds every parameter (the keyword JSON-encoded, so no separator is ambiguous). */
export function publicListing({ db, cache }: CatalogReadContext, query: PublicListingQuery, bypass: boolean): Promise<CachedBody> {
  const { categoryId, sellerId, q, minPrice, maxPrice, sort, page, size } = query;
  const key = `list:${categoryId ?? ''}:${sellerId ?? ''}:${minPrice ?? ''}:${maxPrice ?? ''}:${sort}:${page}:${size}:${JSON.stringify(q ?? null)}`;
  return cache.get(key, () => listItems(db, { categoryId, sellerId, q, minPrice, maxPrice, sort, page, size }), bypass);
}

/** The main page: the newest items on sale. */
export function mainPageItems({ db, cache }: CatalogReadContext, page: number, size: number, bypass: boolean): Promise<CachedBody> {
  return cache.get(`main:${page}:${size}`, () => listItems(db, { sort: 'newest', page, size, lifecycles: ['SALES'] }), bypass);
}
