// Query parameters of every list (engine/platform/db/keyset-page.ts, docs/http.md#pagination):
// `cursor`, the `next` of the previous page, and `limit` (1-100, default 20). For one release a list that
// took `before=<id>` (or `before=<time>` for orders) still takes it; `cursor` wins when both are sent.
import type { RouteDoc } from '../openapi/route-doc.js';
import { EngineError } from '../../engine/platform/errors.js';
import { decodeIdCursor, pageLimit, PAGE_DEFAULT, PAGE_MAX } from '../../engine/platform/db/keyset-page.js';

export { pageLimit, PAGE_MAX };

type Query = Record<string, string | undefined>;

/** The cursor text of a request: `cursor`, else the legacy `before`; undefined on the first page. */
export function cursorText(query: Query, legacy = 'before'): string | undefined {
  const raw = query.cursor || query[legacy];
  return raw === undefined || raw === '' ? undefined : raw;
}

/** Page of an id-ordered list: `before` is the id the page starts below. */
export function idPageQuery(query: Query, maxLimit = PAGE_MAX): { limit: number; before?: number } {
  const limit = pageLimit(query.limit, maxLimit);
  if (query.cursor) return { limit, before: Number(decodeIdCursor(query.cursor)) };
  if (!query.before) return { limit };
  const before = Number(query.before);
  if (!/^\d{1,16}$/.test(query.before) || before < 1) throw new EngineError('INVALID_CURSOR', 'before must be the id of a previous page\'s last item');
  return { limit, before };
}

/** The documentation of `cursor` and `limit` (and the legacy parameter a list still takes, if any). */
export function pageQueryDoc(legacy?: string): NonNullable<RouteDoc['query']> {
  return [
    { name: 'cursor', schema: { type: 'string', maxLength: 256, description: 'the `next` of the previous page (opaque); 400 INVALID_CURSOR otherwise' } },
    { name: 'limit', schema: { type: 'integer', minimum: 1, maximum: PAGE_MAX, default: PAGE_DEFAULT } },
    ...(legacy ? [{ name: legacy, schema: { type: 'string', deprecated: true, description: 'the previous paging parameter, taken for one release; use cursor' } }] : []),
  ];
}

/** The documentation of a page of `item`s. */
export function pageSchema(item: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'object',
    properties: {
      items: { type: 'array', items: item },
      next: { type: ['string', 'null'], description: 'the cursor of the following page; null on the last page' },
    },
    required: ['items', 'next'],
  };
}

/**
 * A page answered with its items also under the list's name before cursor paging (`orders`, `rooms`,
 * `messages`, `reviews`, `lines`), for one release, so clients built on the old bodies keep working.
 */
export function withLegacyItems<P extends { items: unknown[] }>(page: P, name: string): P {
  return { ...page, [name]: page.items };
}
