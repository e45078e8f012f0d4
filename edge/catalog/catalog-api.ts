// Documentation of the catalog routes (edge/catalog/catalog-routes.ts, edge/catalog/catalog-public-routes.ts).
import {
  MAX_LISTING_REACH, categoryUpdateSchema, itemUpdateSchema, memberSchema, newCategorySchema, newItemSchema, newSellerSchema, skuUpdateSchema, transitionSchema,
} from './catalog-schemas.js';
import type { JsonSchema, RouteDoc } from '../openapi/route-doc.js';
import { imagePartsSchema } from '../http/image-uploads.js';
import { listingSorts } from '../../engine/catalog/item-listing.js';
import { MAX_QUERY_CHARS, MIN_QUERY_CHARS } from '../../engine/catalog/item-search.js';
import { pageQueryDoc } from '../http/paging.js';

const integer = { type: 'integer' } as const;
const lifecycle = { enum: ['PLANNING', 'DEVELOPMENT', 'REVIEW', 'PREPARATION', 'LAUNCH', 'SALES', 'END_OF_LIFE'] } as const;
const productType = { enum: ['REALTIME', 'RESERVABLE'] } as const;

export const sellerSchema: JsonSchema = {
  type: 'object',
  properties: {
    id: integer, kind: { enum: ['INTERNAL', 'EXTERNAL'] }, name: { type: 'string' }, userId: integer,
    approval: { enum: ['PENDING', 'APPROVED', 'REJECTED'], description: 'an admin\'s decision: only an APPROVED seller\'s items go on sale' },
    returnAddress: { type: 'string' }, returnFee: integer, exchangeFee: integer,
    deliveryProfiles: {
      type: 'array',
      items: {
        type: 'object',
        properties: { id: integer, shippingOrigin: { type: 'string' }, courier: { type: 'string' }, method: { type: 'string' }, fee: integer, days: integer, remoteArea: { type: 'boolean' } },
        required: ['id', 'shippingOrigin', 'courier', 'method', 'fee', 'days', 'remoteArea'],
      },
    },
  },
  required: ['id', 'kind', 'name', 'userId', 'returnAddress', 'returnFee', 'exchangeFee', 'deliveryProfiles'],
};

export const categorySchema: JsonSchema = {
  type: 'object',
  properties: {
    id: integer, parentId: { type: ['integer', 'null'] }, name: { type: 'string' }, depth: integer, version: integer,
    children: { type: 'array', items: { $ref: '#/components/schemas/Category' } },
  },
  required: ['id', 'parentId', 'name', 'depth', 'version', 'children'],
};

export const itemSchema: JsonSchema = {
  type: 'object',
  properties: {
    id: integer, sellerId: integer, categoryId: integer, name: { type: 'string' }, description: { type: 'string' },
    productType, lifecycle, basePrice: integer, version: { ...integer, description: 'send it back with the next write' },
    lock: {
      type: ['object', 'null'],
      description: 'a live edit lock',
      properties: { lockedBy: integer, lockedAt: { type: 'string', format: 'date-time' }, expiresAt: { type: 'string', format: 'date-time' } },
      required: ['lockedBy', 'lockedAt', 'expiresAt'],
    },
    maxPerBuyer: { type: ['integer', 'null'], description: 'units one buyer may order over all their non-cancelled orders; null: no cap' },
    minorsAllowed: { type: 'boolean' },
    taxType: { enum: ['TAXABLE', 'TAX_FREE', 'ZERO_RATED'] },
    notice: {
      type: 'object',
      description: 'product notice (each field optional text)',
      properties: Object.fromEntries(['material', 'origin', 'maker', 'color', 'size', 'warning', 'qualityAssurance', 'asInfo'].map((k) => [k, { type: 'string' }])),
      required: [],
    },
    images: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: integer, contentType: { type: 'string' }, width: integer, height: integer, url: { type: 'string' },
          thumbnail: {
            type: 'object',
            description: 'the WebP thumbnail (longer side ITEM_THUMBNAIL_PX at most)',
            properties: { url: { type: 'string' }, width: integer, height: integer },
            required: ['url', 'width', 'height'],
          },
        },
        required: ['id', 'contentType', 'width', 'height', 'url', 'thumbnail'],
      },
    },
    optionGroups: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: integer, name: { type: 'string' },
          values: { type: 'array', items: { type: 'object', properties: { id: integer, value: { type: 'string' } }, required: ['id', 'value'] } },
        },
        required: ['id', 'name', 'values'],
      },
    },
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
        required: ['id', 'optionValueIds', 'options', 'priceDelta', 'price', 'stock', 'held', 'sold', 'available', 'slots', 'version'],
      },
    },
  },
  required: [
    'id', 'sellerId', 'categoryId', 'name', 'description', 'productType', 'lifecycle', 'basePrice', 'version', 'lock',
    'maxPerBuyer', 'minorsAllowed', 'taxType', 'notice', 'images', 'optionGroups', 'skus',
  ],
};

const listingSchema: JsonSchema = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: { id: integer, sellerId: integer, categoryId: integer, name: { type: 'string' }, productType, lifecycle, basePrice: integer },
        required: ['id', 'sellerId', 'categoryId', 'name', 'productType', 'lifecycle', 'basePrice'],
      },
    },
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
const notModified = { 304: { description: 'your copy (If-None-Match) is current', headers: { ETag: { description: 'the strong ETag of the current answer', schema: { type: 'string' } } } } };
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
    summary: `Public items, of a category and its subcategories, a seller, a price range, names containing q (Korean or English, 2 to ${MAX_QUERY_CHARS} characters) when given; pages reach the first ${MAX_LISTING_REACH} items (page × size ≤ ${MAX_LISTING_REACH}, else 400)`,
    ...cachedRead,
    query: [
      { name: 'q', schema: { type: 'string', minLength: MIN_QUERY_CHARS, maxLength: MAX_QUERY_CHARS } },
      { name: 'category', schema: { type: 'integer', minimum: 1 } },
      { name: 'sellerId', schema: { type: 'integer', minimum: 1 } },
      { name: 'minPrice', schema: { type: 'integer', minimum: 0 } },
      { name: 'maxPrice', schema: { type: 'integer', minimum: 0 } },
      { name: 'sort', schema: { enum: [...listingSorts], description: 'default: relevance (name similarity) with q, newest without' } },
      ...paging,
    ],
    responses: { 200: { description: 'one page', schema: listingSchema }, ...notModified }, errors: ['INVALID_INPUT', 'SEARCH_TOO_SHORT', 'INVALID_PRICE_RANGE', 'INVALID_CURSOR'],
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
    summary: 'Change name, description, base price, category or detail fields (maxPerBuyer 0 removes the cap; notice replaces the whole notice) (version-checked; another editor\'s live lock is 423)', body: itemUpdateSchema,
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
    summary: 'Move the item one legal lifecycle step (REVIEW may go back to DEVELOPMENT; LAUNCH/SALES may retire). Passing the review (REVIEW -> PREPARATION) is an admin\'s (403 REVIEW_REQUIRES_ADMIN); SALES needs a seller approved by an admin (409 SELLER_NOT_APPROVED)',
    body: transitionSchema,
    responses: { 200: { description: 'moved', schema: itemSchema } }, errors: [...itemWrite, ...body, 'ILLEGAL_TRANSITION', 'REVIEW_REQUIRES_ADMIN', 'SELLER_NOT_APPROVED'],
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
  {
    method: 'post', path: '/api/v1/seller/items/{id}/images', operationId: 'addItemImages', tag: 'catalog', auth: sellerAuth,
    summary: 'Add images (multipart/form-data with a Content-Length, files in "images" parts): JPEG, PNG or WebP by content (a mislabelled file is judged by its bytes), '
      + 'each up to ITEM_IMAGE_MAX_BYTES, at most ITEM_MAX_IMAGES per item, each with a WebP thumbnail; all or nothing. The item is checked before the body is read, '
      + 'and a refusal is answered at once, closing the connection; past ITEM_UPLOADS_MAX_CONCURRENT uploads at once an edge answers 503 UPLOADS_BUSY with Retry-After',
    body: imagePartsSchema, bodyTypes: ['multipart/form-data'],
    responses: { 201: { description: 'the item with its images', schema: itemSchema } },
    errors: [
      ...signedIn, 'UNSUPPORTED_MEDIA_TYPE', 'INVALID_INPUT', 'PAYLOAD_TOO_LARGE', 'NOT_FOUND', 'SELLER_REQUIRED', 'TOO_MANY_IMAGES', 'IMAGE_TOO_LARGE',
      'IMAGE_TYPE_NOT_ALLOWED', 'IMAGE_UNREADABLE', 'UPLOADS_BUSY',
    ],
  },
  {
    method: 'get', path: '/api/v1/item-images/{id}', operationId: 'getItemImage', tag: 'catalog', summary: 'An image of an item on public view, as uploaded (X-Content-Type-Options: nosniff)',
    responses: { 200: { description: 'image/jpeg, image/png or image/webp (nosniff)', contentType: 'image/*', schema: { type: 'string', format: 'binary' } } }, errors: ['NOT_FOUND'],
  },
  {
    method: 'get', path: '/api/v1/item-images/{id}/thumbnail', operationId: 'getItemThumbnail', tag: 'catalog', summary: 'The WebP thumbnail of an item image (X-Content-Type-Options: nosniff)',
    responses: { 200: { description: 'image/webp (nosniff)', contentType: 'image/webp', schema: { type: 'string', format: 'binary' } } }, errors: ['NOT_FOUND'],
  },
];
