// Public catalog reads: the category tree, item detail and listings, served cache-aside with ETags
// (304 when the client's copy is current). An admin's `Cache-Control: no-cache` reads around the cache.
import { authenticate } from '../http/authenticate.js';
import type HyperExpress from 'hyper-express';
import type { CachedBody } from '../../engine/catalog/catalog-cache.js';
import { mainPageItems, publicCategoryTree, publicItem, publicListing, type CatalogReadContext } from '../../engine/catalog/catalog-reads.js';
import { listingSorts, type ListingSort } from '../../engine/catalog/item-listing.js';
import { normalizeQuery } from '../../engine/catalog/item-search.js';
import { EngineError } from '../../engine/platform/errors.js';
import type { EdgeContext } from '../edge-context.js';
import { positiveId, route } from '../http/http-errors.js';
import { MAX_LISTING_REACH } from './catalog-schemas.js';
import { decodePositionCursor } from '../../engine/platform/db/keyset-page.js';
import { pageLimit } from '../http/paging.js';

const MAX_PAGE_SIZE = 100;
const MAX_PAGE = 10_000;
/** the listing's prices (base_price) are bigint won amounts; a filter past this bound is refused, not clipped */
const MAX_PRICE_FILTER = 1_000_000_000_000;

function send(req: HyperExpress.Request, res: HyperExpress.Response, cached: CachedBody): void {
  res.header('etag', cached.etag, true);
  if (req.headers['if-none-match'] === cached.etag) res.status(304).send();
  else res.type('json').send(cached.body);
}

/** A positive integer query parameter within [1, max], or the fallback when absent. */
function intParam(value: unknown, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d{1,16}$/.test(value) || n < 1 || n > max) {
    throw new EngineError('INVALID_INPUT', `${name} must be an integer from 1 to ${max}`);
  }
  return n;
}

/** A non-negative integer price filter, or undefined when absent. */
function priceParam(value: unknown, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^\d{1,13}$/.test(value) || Number(value) > MAX_PRICE_FILTER) {
    throw new EngineError('INVALID_INPUT', `${name} must be an integer from 0 to ${MAX_PRICE_FILTER}`);
  }
  return Number(value);
}

/**
 * `cursor` and `limit` (or, for one release, `page` and `size`) as the page and size the cache keys on,
 * refused past the listing's reach (`page × size ≤ MAX_LISTING_REACH`).
 */
export function pagingParams(q: Record<string, string | undefined>, defaultSize = 20, reach = MAX_LISTING_REACH): { page: number; size: number } {
  const size = q.limit !== undefined ? pageLimit(q.limit, MAX_PAGE_SIZE) : intParam(q.size, 'size', defaultSize, MAX_PAGE_SIZE);
  const page = q.cursor ? decodePositionCursor(q.cursor, size) : intParam(q.page, 'page', 1, MAX_PAGE);
  if (page * size > reach) {
    throw new EngineError('INVALID_INPUT', `listings reach the first ${MAX_LISTING_REACH} items (page × size at most ${MAX_LISTING_REACH}); narrow it by category or sort instead`);
  }
  return { page, size };
}

function sortParam(value: unknown, fallback: ListingSort): ListingSort {
  if (value === undefined || value === '') return fallback;
  if (!listingSorts.includes(value as ListingSort)) throw new EngineError('INVALID_INPUT', `sort must be one of ${listingSorts.join(', ')}`);
  return value as ListingSort;
}

export function registerCatalogPublicRoutes({ server, verifier }: EdgeContext, reads: CatalogReadContext): void {
  // `Cache-Control: no-cache` reads around the cache for admins only: from anyone, it would let one
  // client turn every cached read into database queries; a bad or missing token just reads the cache
  const bypass = async (req: HyperExpress.Request): Promise<boolean> =>
    /no-cache/.test(req.headers['cache-control'] ?? '') &&
    (await authenticate(verifier, req.headers.authorization ?? '', 'admin').then(() => true, () => false));
  server.get('/api/v1/categories', route('category_tree', async (req, res) => {
    send(req, res, await publicCategoryTree(reads, await bypass(req)));
  }));

  server.get('/api/v1/items/:id', route('item_detail', async (req, res) => {
    send(req, res, await publicItem(reads, positiveId(req.path_parameters.id), await bypass(req)));
  }));

  server.get('/api/v1/items', route('item_listing', async (req, res) => {
    const params = req.query_parameters;
    const categoryId = params.category === undefined ? undefined : intParam(params.category, 'category', 1);
    const sellerId = params.sellerId === undefined ? undefined : intParam(params.sellerId, 'sellerId', 1);
    if (params.q !== undefined && typeof params.q !== 'string') throw new EngineError('INVALID_INPUT', 'q is one search text');
    const q = params.q === undefined ? undefined : normalizeQuery(params.q);
    const minPrice = priceParam(params.minPrice, 'minPrice');
    const maxPrice = priceParam(params.maxPrice, 'maxPrice');
    if (minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice) throw new EngineError('INVALID_PRICE_RANGE', 'minPrice is above maxPrice');
    const sort = sortParam(params.sort, q === undefined ? 'newest' : 'relevance');
    send(req, res, await publicListing(reads, { categoryId, sellerId, q, minPrice, maxPrice, sort, ...pagingParams(params) }, await bypass(req)));
  }));

  server.get('/api/v1/main/items', route('main_items', async (req, res) => {
    const { page, size } = pagingParams(req.query_parameters);
    send(req, res, await mainPageItems(reads, page, size, await bypass(req)));
  }));
}
