// Query parameters of keyset-paged lists (engine/platform/db/keyset-page.ts): `limit` (1-100, default 20)
// and `before`, the `next` of the previous page (an id). A malformed value is 400 INVALID_INPUT.
import type { RouteDoc } from '../openapi/route-doc.js';
import { EngineError } from '../../engine/platform/errors.js';

export const PAGE_MAX = 100;
const PAGE_DEFAULT = 20;

export function pageLimit(raw: unknown): number {
  if (raw === undefined || raw === '') return PAGE_DEFAULT;
  const n = Number(raw);
  if (typeof raw !== 'string' || !/^\d{1,3}$/.test(raw) || n < 1 || n > PAGE_MAX) throw new EngineError('INVALID_INPUT', `limit must be 1-${PAGE_MAX}`);
  return n;
}

export function idCursor(raw: unknown): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (typeof raw !== 'string' || !/^\d{1,16}$/.test(raw) || n < 1 || !Number.isSafeInteger(n)) throw new EngineError('INVALID_INPUT', 'before must be the next of a previous page');
  return n;
}

/** The documentation of both parameters. */
export const keysetQuery: NonNullable<RouteDoc['query']> = [
  { name: 'limit', schema: { type: 'integer', minimum: 1, maximum: PAGE_MAX, default: PAGE_DEFAULT } },
  { name: 'before', schema: { type: 'string', pattern: '^[0-9]{1,16}$', description: 'the next of the previous page' } },
];

/** The documentation of a page of `item`s. */
export function keysetPageSchema(item: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'object',
    properties: { items: { type: 'array', items: item }, next: { type: 'string', description: 'before of the following page; absent on the last page' } },
    required: ['items'],
  };
}
