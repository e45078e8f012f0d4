// Documentation of the wishlist routes (edge/catalog/wishlist-routes.ts).
import { pageQueryDoc, pageSchema } from '../http/paging.js';
import type { JsonSchema, RouteDoc } from '../openapi/route-doc.js';

const entrySchema: JsonSchema = {
  type: 'object',
  properties: {
    itemId: { type: 'integer' }, name: { type: 'string' }, basePrice: { type: 'integer' },
    lifecycle: { type: 'string', description: 'the item\'s lifecycle now: an entry stays when the item leaves sale' },
    onSale: { type: 'boolean', description: 'lifecycle SALES: it can be ordered now' }, addedAt: { type: 'string', format: 'date-time' },
  },
  required: ['itemId', 'name', 'basePrice', 'lifecycle', 'onSale', 'addedAt'],
};

const buyer: RouteDoc['errors'] = ['UNAUTHENTICATED', 'FORBIDDEN'];

export const wishlistApi: RouteDoc[] = [
  {
    method: 'get', path: '/api/v1/wishlist', operationId: 'listWishlist', tag: 'catalog', auth: 'buyer role',
    summary: 'The caller\'s wishlist, newest first (cursor-paged)', query: pageQueryDoc('before'),
    responses: { 200: { description: 'one page', schema: pageSchema(entrySchema) } }, errors: [...buyer, 'INVALID_INPUT', 'INVALID_CURSOR'],
  },
  {
    method: 'put', path: '/api/v1/wishlist/{itemId}', operationId: 'addToWishlist', tag: 'catalog', auth: 'buyer role',
    summary: 'Keeps an item (LAUNCH or SALES; any other id is 404) in the wishlist; idempotent: 201 when added, 200 when it was there; '
      + 'at most WISHLIST_MAX_ITEMS (200) items, then 409 WISHLIST_FULL',
    responses: { 200: { description: 'already in the wishlist', schema: entrySchema }, 201: { description: 'added', schema: entrySchema } },
    errors: [...buyer, 'NOT_FOUND', 'WISHLIST_FULL'],
  },
  {
    method: 'delete', path: '/api/v1/wishlist/{itemId}', operationId: 'removeFromWishlist', tag: 'catalog', auth: 'buyer role',
    summary: 'Removes an item from the wishlist (204 also when it was not there); an item that does not exist is 404',
    responses: { 204: { description: 'removed' } }, errors: [...buyer, 'NOT_FOUND'],
  },
];
