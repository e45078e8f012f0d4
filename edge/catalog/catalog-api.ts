// Documentation of the catalog routes (edge/catalog/catalog-routes.ts, edge/catalog/catalog-public-routes.ts).
import {
  MAX_LISTING_REACH, categoryUpdateSchema, itemUpdateSchema, memberSchema, newCategorySchema, newItemSchema, newSellerSchema, skuUpdateSchema, transitionSchema,
} from './catalog-schemas.js';
import type { JsonSchema, RouteDoc } from '../openapi/route-doc.js';
import { pageQueryDoc } from '../http/paging.js';

const integer = { type: 'integer' } as const;
const lifecycle = { enum: ['PLANNING', 'DEVELOPMENT', 'REVIEW', 'PREPARATION', 'LAUNCH', 'SALES', 'END_OF_LIFE'] } as const;
const productType = { enum: ['REALTIME', 'RESERVABLE'] } as const;

const sellerSchema: JsonSchema = {
  type: 'object',
  properties: {
    id: integer, kind: { enum: ['INTERNAL', 'EXTERNAL'] }, name: { type: 'string' }, userId: integer,
    returnAddress: { type: 'string' }, returnFee: integer, exchangeFee: integer,
    deliveryProfiles: { type: 'array', items: { type: 'object', description: 'id, shippingOrigin, courier, method, fee, days, remoteArea' } },
  },
  required: ['id', 'kind', 'name', 'userId', 'deliveryProfiles'],
};

const categorySchema: JsonSchema = {
  type: 'object',
  properties: {
    id: integer, parentId: { type: ['integer', 'null'] }, name: { type: 'string' }, depth: integer, version: integer,
    children: { type: 'array', items: { type: 'object', description: 'a category, same shape' } },
  },
  required: ['id', 'parentId', 'name', 'depth', 'version', 'children'],
};

const itemSchema: JsonSchema = {
  type: 'object',
  properties: {
    id: integer, sellerId: integer, categoryId: integer, name: { type: 'string' }, description: { type: 'string' },
    productType, lifecycle, basePrice: integer, version: { ...integer, description: 'send it back with the next write' },
    lock: { type: ['object', 'null'], description: 'lockedBy, lockedAt, expiresAt of a live edit lock' },
    optionGroups: { type: 'array', items: { type: 'object', description: 'id, name, values: [{ id, value }]' } },
    skus: {
      type: 'array',
      items: {
        type: 'object',
        description: 'available = stock - held - sold',
        properties: {
          id: integer, optionValueIds: { type: 'array', items: integer }, options: { type: 'array', items: { type: 'string' } },
          priceDelta: integer, price: integer, stock: integer, held: integer, sold: integer, available: integer, version: integer,
          slots: { type: 'array', items: { type: 'string' }, description: 'RESERVABLE: the slots it takes holds for (stock units each); [] for REALTIME' },
        },
      },
    },
  },
  required: ['id', 'sellerId', 'categoryId', 'name', 'productType', 'lifecycle', 'basePrice', 'version', 'lock', 'optionGroups', 'skus'],
};

const listingSchema: JsonSchema = {
  type: 'object',
  properties: {
    items: { type: 'array', items: { type: 'object', description: 'id, sellerId, categoryId, name, productType, lifecycle, basePrice' } },
    next: { type: ['string', 'null'], description: 'the cursor of the following page (keep the same limit); null on the last page' },
    page: { ...integer, deprecated: true }, size: { ...integer, deprecated: true }, total: integer,
  },
  required: ['items', 'next', 'page', 'size', 'total'],
};

// public reads are cache-aside with strong ETags
const cachedRead: Pick<RouteDoc, 'headers'> = {
  headers: [
    { name: 'If-None-Match', required: false, schema: { type: 'string' }, description: 'the ETag of your copy: 304 while it is current' },
    { name: 'Cache-Control', required: false, schema: { type: 'string' }, description: '`no-cache` from an admin (Bearer token) reads around the cache (and refills it); from anyone else it is ignored' },
  ],
};
const notModified = { 304: { description: 'your copy (If-None-Match) is current' } };
const paging: RouteDoc['query'] = [
  ...pageQueryDoc(),
  { name: 'page', schema: { type: 'integer', minimum: 1, maximum: 10_000, default: 1, deprecated: true, description: 'the previous paging, taken for one release; use cursor' } },
  { name: 'size', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20, deprecated: true, description: 'the previous name of limit, taken for one release' } },
];

const sellerAuth = 'seller role; a member of the seller (an admin acts for any seller)';
const signedIn: RouteDoc['errors'] = ['UNAUTHENTICATED', 'FORBIDDEN'];
const body: RouteDoc['errors'] = ['PAYLOAD_TOO_LARGE', 'MALFORMED_JSON', 'INVALID_INPUT'];
/** a write to an existing item: its seller's member only, and the version/lock guard (404/423/409) */
const itemWrite: RouteDoc['errors'] = [...signedIn, 'NOT_FOUND', 'SELLER_REQUIRED', 'LOCKED', 'VERSION_CONFLICT'];

export const catalogApi: RouteDoc[] = [
  {
    method: 'get', path: '/api/v1/categories', operationId: 'getCategoryTree', tag: 'catalog', summary: 'The category tree (roots with nested children)',
    ...cachedRead, responses: { 200: { description: 'the tree', schema: { type: 'array', items: categorySchema } }, ...notModified }, errors: [],
  },
  {
    method: 'get', path: '/api/v1/items/{id}', operationId: 'getItem', tag: 'catalog', summary: 'An item on public view (LAUNCH or SALES) with options and SKUs',
    ...cachedRead, responses: { 200: { description: 'the item', schema: itemSchema }, ...notModified }, errors: ['NOT_FOUND'],
  },
  {
    method: 'get', path: '/api/v1/items', operationId: 'listItems', tag: 'catalog',
    summary: `Public items, of a category and its subcategories when given; pages reach the first ${MAX_LISTING_REACH} items (page × size ≤ ${MAX_LISTING_REACH}, else 400)`,
    ...cachedRead,
    query: [
      { name: 'category', schema: { type: 'integer', minimum: 1 } },
      { name: 'sort', schema: { enum: ['newest', 'price_asc', 'price_desc', 'name'], default: 'newest' } },
      ...paging,
    ],
    responses: { 200: { description: 'one page', schema: listingSchema }, ...notModified }, errors: ['INVALID_INPUT', 'INVALID_CURSOR'],
  },
  {
    method: 'get', path: '/api/v1/main/items', operationId: 'mainItems', tag: 'catalog',
    summary: `The main page: newest items on sale (SALES); pages reach the first ${MAX_LISTING_REACH} items (page × size ≤ ${MAX_LISTING_REACH}, else 400)`,
    ...cachedRead, query: paging, responses: { 200: { description: 'one page', schema: listingSchema }, ...notModified }, errors: ['INVALID_INPUT', 'INVALID_CURSOR'],
  },
  {
    method: 'get', path: '/api/v1/sellers/{id}', operationId: 'getSeller', tag: 'catalog', summary: 'A seller with its delivery profiles and return/exchange terms',
    responses: { 200: { description: 'the seller', schema: sellerSchema } }, errors: ['NOT_FOUND'],
  },
  {
    method: 'post', path: '/api/v1/seller/sellers', operationId: 'createSeller', tag: 'catalog', auth: 'seller role (kind INTERNAL: admin too)',
    summary: 'Register a seller; the calling account becomes its first member', body: newSellerSchema,
    responses: { 201: { description: 'created', schema: sellerSchema } }, errors: [...signedIn, ...body],
  },
  {
    method: 'post', path: '/api/v1/seller/sellers/{id}/members', operationId: 'addSellerMember', tag: 'catalog', auth: sellerAuth,
    summary: 'Let another account act for the seller (adding a member twice is a no-op)', body: memberSchema,
    responses: { 204: { description: 'added' } }, errors: [...signedIn, 'NOT_FOUND', ...body, 'SELLER_REQUIRED'],
  },
  {
    method: 'post', path: '/api/v1/admin/categories', operationId: 'createCategory', tag: 'catalog', auth: 'admin',
    summary: 'Create a category (under `parentId` when given)', body: newCategorySchema,
    responses: { 201: { description: 'created', schema: categorySchema } }, errors: [...signedIn, ...body],
  },
  {
    method: 'patch', path: '/api/v1/admin/categories/{id}', operationId: 'updateCategory', tag: 'catalog', auth: 'admin',
    summary: 'Rename a category (version-checked)', body: categoryUpdateSchema,
    responses: { 200: { description: 'updated', schema: categorySchema } }, errors: [...signedIn, 'NOT_FOUND', ...body, 'VERSION_CONFLICT'],
  },
  {
    method: 'delete', path: '/api/v1/admin/categories/{id}', operationId: 'deleteCategory', tag: 'catalog', auth: 'admin',
    summary: 'Delete a category that has no items and no subcategories',
    responses: { 204: { description: 'deleted' } }, errors: [...signedIn, 'NOT_FOUND', 'CATEGORY_NOT_EMPTY'],
  },
  {
    method: 'post', path: '/api/v1/seller/items', operationId: 'createItem', tag: 'catalog', auth: sellerAuth,
    summary: 'Create an item (PLANNING) with option groups and one SKU per option combination (a RESERVABLE SKU lists its slots); writes the SKU counters', body: newItemSchema,
    responses: { 201: { description: 'created', schema: itemSchema } }, errors: [...signedIn, ...body, 'SELLER_REQUIRED'],
  },
  {
    method: 'get', path: '/api/v1/seller/items', operationId: 'sellerItems', tag: 'catalog', auth: sellerAuth,
    summary: 'Every item of a seller, in any lifecycle state, newest first (cursor-paged, limit default 50); a missing or bad `seller` is 404',
    query: [{ name: 'seller', required: true, schema: { type: 'integer', minimum: 1 } }, ...paging],
    responses: { 200: { description: 'one page', schema: listingSchema } }, errors: [...signedIn, 'NOT_FOUND', 'SELLER_REQUIRED', 'INVALID_INPUT', 'INVALID_CURSOR'],
  },
  {
    method: 'get', path: '/api/v1/seller/items/{id}', operationId: 'sellerItem', tag: 'catalog', auth: sellerAuth,
    summary: 'An item in any lifecycle state, with its version and edit lock',
    responses: { 200: { description: 'the item', schema: itemSchema } }, errors: [...signedIn, 'NOT_FOUND', 'SELLER_REQUIRED'],
  },
  {
    method: 'patch', path: '/api/v1/seller/items/{id}', operationId: 'updateItem', tag: 'catalog', auth: sellerAuth,
    summary: 'Change name, description, base price or category (version-checked; another editor\'s live lock is 423)', body: itemUpdateSchema,
    responses: { 200: { description: 'updated', schema: itemSchema } }, errors: [...itemWrite, ...body],
  },
  {
    method: 'delete', path: '/api/v1/seller/items/{id}', operationId: 'deleteItem', tag: 'catalog', auth: sellerAuth,
    summary: 'Delete an item no reservation refers to (retire it with END_OF_LIFE otherwise); removes its SKU counters',
    query: [{ name: 'version', required: true, schema: { type: 'integer', minimum: 0, maximum: 999_999_999 } }],
    responses: { 204: { description: 'deleted' } }, errors: [...itemWrite, 'INVALID_INPUT', 'ITEM_IN_USE'],
  },
  {
    method: 'post', path: '/api/v1/seller/items/{id}/lifecycle', operationId: 'transitionItem', tag: 'catalog', auth: sellerAuth,
    summary: 'Move the item one legal lifecycle step (REVIEW may go back to DEVELOPMENT; LAUNCH/SALES may retire)', body: transitionSchema,
    responses: { 200: { description: 'moved', schema: itemSchema } }, errors: [...itemWrite, ...body, 'ILLEGAL_TRANSITION'],
  },
  {
    method: 'post', path: '/api/v1/seller/items/{id}/lock', operationId: 'lockItem', tag: 'catalog', auth: sellerAuth,
    summary: 'Take or renew the edit lock (it expires by itself); 423 while another editor holds it',
    responses: { 200: { description: 'locked', schema: itemSchema } }, errors: itemWrite,
  },
  {
    method: 'delete', path: '/api/v1/seller/items/{id}/lock', operationId: 'unlockItem', tag: 'catalog', auth: sellerAuth,
    summary: 'Give up your edit lock (nothing held is fine); 423 while another editor holds it',
    responses: { 200: { description: 'unlocked', schema: itemSchema } }, errors: itemWrite,
  },
  {
    method: 'patch', path: '/api/v1/seller/skus/{id}', operationId: 'updateSku', tag: 'catalog', auth: sellerAuth,
    summary: 'Change a SKU\'s price delta, stock or (RESERVABLE) slot list (version of the SKU; the item\'s edit lock applies); answers the whole item', body: skuUpdateSchema,
    responses: { 200: { description: 'the item', schema: itemSchema } }, errors: [...itemWrite, ...body, 'STOCK_BELOW_COMMITTED'],
  },
];
