// Public listings: items of a category (and its subcategories), of a seller, in a price range or
// matching a keyword (item-search.ts), with paging and sorting, and the main page (newest items on
// sale). Only items in a public lifecycle state are listed.
import type pg from 'pg';
import type { Principal } from '../auth/principal.js';
import type { ItemSummary, Lifecycle, ProductType } from './catalog-types.js';
import { lifecycleStates, publicLifecycles } from './lifecycle.js';
import { searchCondition } from './item-search.js';
import { assertSellerMember } from './seller-store.js';
import { encodeCursor } from '../platform/db/keyset-page.js';

/** `relevance` ranks by trigram similarity of the name to the query (newest first without a query). */
export type ListingSort = 'relevance' | 'newest' | 'price_asc' | 'price_desc' | 'name';
export const listingSorts: readonly ListingSort[] = ['relevance', 'newest', 'price_asc', 'price_desc', 'name'];

export interface ListingQuery {
  categoryId?: number;
  sellerId?: number;
  /** a keyword, normalized by item-search.ts normalizeQuery */
  q?: string;
  minPrice?: number;
  maxPrice?: number;
  sort: ListingSort;
  page: number;
  size: number;
  lifecycles?: readonly Lifecycle[];
}

export interface Listing {
  items: ItemSummary[];
  /** the `cursor` of the following page (its position: listings are cached pages), null on the last */
  next: string | null;
  /** page and size: the older paging, answered for one release */
  page: number;
  size: number;
  total: number;
}

// fixed texts chosen by key, never built from input
const orderBy: Record<ListingSort, string> = {
  relevance: 'i.id DESC',
  newest: 'i.id DESC',
  price_asc: 'i.base_price ASC, i.id ASC',
  price_desc: 'i.base_price DESC, i.id DESC',
  name: 'i.name ASC, i.id ASC',
};

/** Fixed SQL conditions, each with its parameters appended after the five every listing takes. */
function filters(query: ListingQuery): { where: string; order: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const next = () => 6 + params.length;
  let order = orderBy[query.sort];
  if (query.q !== undefined) {
    const search = searchCondition(query.q, next());
    conditions.push(search.sql);
    params.push(...search.params);
    if (query.sort === 'relevance') {
      order = `similarity(i.name, $${next()}::text) DESC, i.id DESC`;
      params.push(query.q);
    }
  }
  if (query.minPrice !== undefined) {
    conditions.push(`i.base_price >= $${next()}`);
    params.push(query.minPrice);
  }
  if (query.maxPrice !== undefined) {
    conditions.push(`i.base_price <= $${next()}`);
    params.push(query.maxPrice);
  }
  return { where: conditions.map((c) => ` AND ${c}`).join(''), order, params };
}

export async function listItems(db: pg.Pool, query: ListingQuery): Promise<Listing> {
  const { where, order, params } = filters(query);
  const { rows } = await db.query<{
    id: string; seller_id: string; category_id: string; name: string; product_type: ProductType; lifecycle: Lifecycle; base_price: string; total: string;
  }>(
    `WITH RECURSIVE tree AS (
       SELECT id FROM categories WHERE id = $1::bigint
       UNION ALL SELECT c.id FROM categories c JOIN tree t ON c.parent_id = t.id
     )
     SELECT i.id, i.seller_id, i.category_id, i.name, i.product_type, i.lifecycle, i.base_price, count(*) OVER () AS total
     FROM items i
     WHERE i.lifecycle = ANY($2::text[]) AND ($1::bigint IS NULL OR i.category_id IN (SELECT id FROM tree))
       AND ($5::bigint IS NULL OR i.seller_id = $5::bigint)${where}
     ORDER BY ${order}
     LIMIT $3 OFFSET $4`,
    [query.categoryId ?? null, query.lifecycles ?? publicLifecycles, query.size, (query.page - 1) * query.size, query.sellerId ?? null, ...params],
  );
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      sellerId: Number(r.seller_id),
      categoryId: Number(r.category_id),
      name: r.name,
      productType: r.product_type,
      lifecycle: r.lifecycle,
      basePrice: Number(r.base_price),
    })),
    next: rows.length > 0 && query.page * query.size < Number(rows[0].total) ? encodeCursor([String(query.page * query.size)]) : null,
    page: query.page,
    size: query.size,
    total: rows.length > 0 ? Number(rows[0].total) : 0,
  };
}

/** A seller's own items in every lifecycle state, newest first, for its members (or an admin). */
export async function listSellerItems(db: pg.Pool, principal: Principal, sellerId: number, page: number, size: number): Promise<Listing> {
  await assertSellerMember(db, sellerId, principal);
  return listItems(db, { sellerId, sort: 'newest', page, size, lifecycles: lifecycleStates });
}
