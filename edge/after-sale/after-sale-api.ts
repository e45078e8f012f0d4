// Documentation of the after-sale, review and settlement routes (edge/after-sale/after-sale-routes.ts,
// edge/reviews/review-routes.ts, edge/settlement/settlement-routes.ts).
import {
  afterSaleTransitionSchema, newAfterSaleSchema, newReviewSchema, replacementShipmentSchema, reviewHideSchema, reviewImagesBodySchema,
  reviewUpdateSchema, reviewVoteSchema, sellerCancellationSchema,
} from './after-sale-schemas.js';
import { afterSaleStatuses } from '../../engine/after-sale/after-sale-types.js';
import { pageQueryDoc, pageSchema } from '../http/paging.js';
import type { JsonSchema, RouteDoc } from '../openapi/route-doc.js';

const integer = { type: 'integer' } as const;
const string = { type: 'string' } as const;
const status = { enum: [...afterSaleStatuses] } as const;

const afterSaleSchema: JsonSchema = {
  type: 'object',
  description: 'fee: the seller\'s return/exchange fee when the reason is the buyer\'s (CHANGED_MIND, ORDERED_WRONG_OPTION), else 0; '
    + 'refundAmount (RETURN): item amount - fee, refunded once when the return completes',
  properties: {
    id: integer, kind: { enum: ['RETURN', 'EXCHANGE'] }, orderItemId: integer, orderId: string, sellerId: integer, userId: integer,
    reason: string, buyerFault: { type: 'boolean' }, detail: string, pickupAddress: string, fee: integer, refundAmount: integer,
    status, note: string,
    receivedCondition: { enum: ['SELLABLE', 'UNSELLABLE'], description: 'a completed return: how the item arrived (SELLABLE units were restocked)' },
    replacement: {
      type: 'object', description: 'a completed exchange: the replacement\'s shipment',
      properties: { courier: string, trackingNumber: string, shippedAt: string }, required: ['courier', 'trackingNumber', 'shippedAt'],
    },
    version: { ...integer, description: 'send it back with the next transition' }, createdAt: string, updatedAt: string,
  },
  required: ['id', 'kind', 'orderItemId', 'orderId', 'sellerId', 'userId', 'reason', 'buyerFault', 'fee', 'refundAmount', 'status', 'version'],
};

const cancelledItemSchema: JsonSchema = {
  type: 'object',
  properties: { orderItemId: integer, orderId: string, shipmentStatus: { const: 'CANCELLED' }, refundAmount: integer, version: integer },
  required: ['orderItemId', 'orderId', 'shipmentStatus', 'refundAmount', 'version'],
};

const reviewSchema: JsonSchema = {
  type: 'object',
  properties: {
    id: integer, itemId: integer, orderItemId: integer, reviewer: { ...string, description: 'first character of the name, then "**"; "anonymous" without a name' },
    title: string, content: string, stars: { type: 'integer', minimum: 1, maximum: 5 }, helpful: integer, notHelpful: integer, hidden: { type: 'boolean' },
    images: {
      type: 'array',
      items: { type: 'object', properties: { id: integer, url: string, contentType: string, sizeBytes: integer }, required: ['id', 'url', 'contentType', 'sizeBytes'] },
    },
    version: integer, createdAt: string, updatedAt: string,
  },
  required: ['id', 'itemId', 'orderItemId', 'reviewer', 'title', 'content', 'stars', 'helpful', 'notHelpful', 'hidden', 'images', 'version', 'createdAt', 'updatedAt'],
};

const reviewPageSchema: JsonSchema = {
  type: 'object',
  properties: {
    itemId: integer, total: integer, averageStars: { type: 'number' },
    histogram: { type: 'object', description: 'visible reviews per star count', properties: { 1: integer, 2: integer, 3: integer, 4: integer, 5: integer }, required: ['1', '2', '3', '4', '5'] },
    page: { ...integer, deprecated: true }, size: { ...integer, deprecated: true }, items: { type: 'array', items: reviewSchema },
    next: { type: ['string', 'null'], description: 'the cursor of the following page (keep the same limit); null on the last page' },
  },
  required: ['itemId', 'total', 'averageStars', 'histogram', 'page', 'size', 'items', 'next'],
};

const voteSchema: JsonSchema = {
  type: 'object',
  properties: { reviewId: integer, helpful: integer, notHelpful: integer, yourVote: { enum: ['helpful', 'not_helpful'] } },
  required: ['reviewId', 'helpful', 'notHelpful', 'yourVote'],
};

const settlementSchema: JsonSchema = {
  type: 'object',
  description: 'one line per delivered order item: gross = unit price x quantity, commission = gross x rateBp / 10000 (rounded down), net = gross - commission',
  properties: {
    sellerId: integer, period: string,
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: { id: integer, orderItemId: integer, gross: integer, rateBp: integer, commission: integer, net: integer, createdAt: { type: 'string', format: 'date-time' } },
        required: ['id', 'orderItemId', 'gross', 'rateBp', 'commission', 'net', 'createdAt'],
      },
    },
    next: { type: ['string', 'null'], description: 'the cursor of the following page of lines; null on the last page' },
    totals: { type: 'object', description: 'over every line of the month', properties: { count: integer, gross: integer, commission: integer, net: integer }, required: ['count', 'gross', 'commission', 'net'] },
  },
  required: ['sellerId', 'period', 'items', 'next', 'totals'],
};

const signedIn: RouteDoc['errors'] = ['UNAUTHENTICATED', 'FORBIDDEN'];
const body: RouteDoc['errors'] = ['PAYLOAD_TOO_LARGE', 'MALFORMED_JSON', 'INVALID_INPUT'];
const sellerAuth = 'seller role, a member of the item\'s seller; or admin';
const refundErrors: RouteDoc['errors'] = ['NOT_PAID', 'REFUND_FAILED'];
const paging: RouteDoc['query'] = [
  pageQueryDoc()[0],
  { name: 'limit', schema: { type: 'integer', minimum: 1, maximum: 50, default: 20 } },
  { name: 'page', schema: { type: 'integer', minimum: 1, maximum: 10_000, default: 1, deprecated: true, description: 'the previous paging, taken for one release; use cursor' } },
  { name: 'size', schema: { type: 'integer', minimum: 1, maximum: 50, default: 20, deprecated: true, description: 'the previous name of limit, taken for one release' } },
];

function afterSaleDocs(kind: 'RETURN' | 'EXCHANGE', path: string, noun: string, Noun: string): RouteDoc[] {
  const completes = kind === 'RETURN'
    ? 'COMPLETED (with condition SELLABLE or UNSELLABLE) refunds item amount - fee through the payment gateway and, SELLABLE, puts the units back on sale (SKU books and Redis counter), each exactly once (a retried call answers the completed return again)'
    : 'COMPLETED only through POST /api/v1/seller/exchanges/{id}/replacement';
  const listQuery: RouteDoc['query'] = [...pageQueryDoc('before'), { name: 'status', schema: status }];
  return [
    {
      method: 'post', path: `/api/v1/${path}`, operationId: `create${Noun}`, tag: 'after-sale', auth: 'buyer role, the buyer of the order item',
      summary: `Ask for the ${noun} of a DELIVERED order item (one live return or exchange per item); another buyer's item is 404`,
      body: newAfterSaleSchema, responses: { 201: { description: 'requested', schema: afterSaleSchema } },
      errors: [...signedIn, ...body, 'NOT_FOUND', 'NOT_DELIVERED', 'AFTER_SALE_EXISTS'],
    },
    {
      method: 'get', path: `/api/v1/${path}`, operationId: `list${Noun}s`, tag: 'after-sale', auth: 'buyer role',
      summary: `The caller's own ${noun}s, newest first (keyset-paged: pass next as before), optionally of one status`,
      query: listQuery, responses: { 200: { description: 'one page', schema: pageSchema(afterSaleSchema) } },
      errors: [...signedIn, 'INVALID_INPUT', 'INVALID_CURSOR'],
    },
    {
      method: 'get', path: `/api/v1/${path}/{id}`, operationId: `get${Noun}`, tag: 'after-sale', auth: 'its buyer, a member of its seller, or admin',
      summary: `A ${noun} request (404 to anyone else)`, responses: { 200: { description: `the ${noun}`, schema: afterSaleSchema } },
      errors: ['UNAUTHENTICATED', 'NOT_FOUND'],
    },
    {
      method: 'delete', path: `/api/v1/${path}/{id}`, operationId: `withdraw${Noun}`, tag: 'after-sale', auth: 'buyer role, its buyer',
      summary: `Withdraw a ${noun} not yet picked up (REQUESTED or APPROVED → WITHDRAWN; the item may be asked for again); a repeated call answers the withdrawn request; `
        + 'PICKED_UP, COMPLETED or REJECTED is 409 NOT_WITHDRAWABLE; someone else\'s is 404',
      responses: { 200: { description: 'withdrawn', schema: afterSaleSchema } },
      errors: [...signedIn, 'NOT_FOUND', 'NOT_WITHDRAWABLE'],
    },
    {
      method: 'get', path: `/api/v1/seller/${path}`, operationId: `sellerList${Noun}s`, tag: 'after-sale', auth: 'seller role',
      summary: `The ${noun}s of the sellers the caller is a member of (never another seller's), newest first, keyset-paged, optionally of one status`,
      query: listQuery, responses: { 200: { description: 'one page', schema: pageSchema(afterSaleSchema) } },
      errors: [...signedIn, 'INVALID_INPUT', 'INVALID_CURSOR'],
    },
    {
      method: 'post', path: `/api/v1/seller/${path}/{id}/status`, operationId: `transition${Noun}`, tag: 'after-sale', auth: sellerAuth,
      summary: `Move a ${noun}: REQUESTED → APPROVED → PICKED_UP → COMPLETED, or REJECTED from any open state (version-checked); ${completes}; `
        + 'another seller\'s is 404',
      body: afterSaleTransitionSchema, responses: { 200: { description: 'moved', schema: afterSaleSchema } },
      errors: [...signedIn, ...body, 'NOT_FOUND', 'VERSION_CONFLICT', 'ILLEGAL_TRANSITION', ...(kind === 'RETURN' ? refundErrors : [])],
    },
  ];
}

export const afterSaleApi: RouteDoc[] = [
  ...afterSaleDocs('RETURN', 'returns', 'return', 'Return'),
  ...afterSaleDocs('EXCHANGE', 'exchanges', 'exchange', 'Exchange'),
  {
    method: 'post', path: '/api/v1/seller/exchanges/{id}/replacement', operationId: 'shipExchangeReplacement', tag: 'after-sale', auth: sellerAuth,
    summary: 'Ship the replacement of a PICKED_UP exchange (courier and tracking number, shown to the buyer on the exchange); the exchange becomes COMPLETED '
      + '(version-checked; a retry answers the completed exchange); stock is unchanged (the unit picked up replaces the unit sent); another seller\'s is 404',
    body: replacementShipmentSchema, responses: { 200: { description: 'shipped', schema: afterSaleSchema } },
    errors: [...signedIn, ...body, 'NOT_FOUND', 'VERSION_CONFLICT', 'ILLEGAL_TRANSITION'],
  },
  {
    method: 'post', path: '/api/v1/seller/order-items/{id}/cancel', operationId: 'sellerCancelOrderItem', tag: 'after-sale', auth: sellerAuth,
    summary: 'Cancel an order item not yet shipped (PENDING/PREPARING; version-checked) and refund its amount once; the order becomes SELLER_CANCELLED when no live item is left',
    body: sellerCancellationSchema, responses: { 200: { description: 'cancelled', schema: cancelledItemSchema } },
    errors: [...signedIn, ...body, 'NOT_FOUND', 'SELLER_REQUIRED', 'VERSION_CONFLICT', 'NOT_CANCELLABLE', ...refundErrors],
  },
  {
    method: 'post', path: '/api/v1/reviews', operationId: 'createReview', tag: 'reviews', auth: 'buyer role, the buyer of the order item',
    summary: 'Review a DELIVERED order item, once', body: newReviewSchema, responses: { 201: { description: 'created', schema: reviewSchema } },
    errors: [...signedIn, ...body, 'NOT_FOUND', 'NOT_DELIVERED', 'REVIEW_EXISTS'],
  },
  {
    method: 'get', path: '/api/v1/reviews/mine', operationId: 'myReviews', tag: 'reviews', auth: 'buyer role',
    summary: 'The caller\'s own reviews ("my reviews"), newest first, cursor-paged; hidden ones too, marked hidden', query: pageQueryDoc('before'),
    responses: { 200: { description: 'one page', schema: pageSchema(reviewSchema) } }, errors: [...signedIn, 'INVALID_INPUT', 'INVALID_CURSOR'],
  },
  {
    method: 'get', path: '/api/v1/reviews/{id}', operationId: 'getReview', tag: 'reviews', summary: 'A visible review',
    responses: { 200: { description: 'the review', schema: reviewSchema } }, errors: ['NOT_FOUND'],
  },
  {
    method: 'patch', path: '/api/v1/reviews/{id}', operationId: 'updateReview', tag: 'reviews', auth: 'the author',
    summary: 'Change title, content or stars (version-checked)', body: reviewUpdateSchema,
    responses: { 200: { description: 'updated', schema: reviewSchema } }, errors: [...signedIn, ...body, 'NOT_FOUND', 'VERSION_CONFLICT'],
  },
  {
    method: 'delete', path: '/api/v1/reviews/{id}', operationId: 'deleteReview', tag: 'reviews', auth: 'the author',
    summary: 'Delete a review and its images (version-checked)',
    query: [{ name: 'version', required: true, schema: { type: 'integer', minimum: 0, maximum: 999_999_999 } }],
    responses: { 204: { description: 'deleted' } }, errors: [...signedIn, 'INVALID_INPUT', 'NOT_FOUND', 'VERSION_CONFLICT'],
  },
  {
    method: 'post', path: '/api/v1/reviews/{id}/images', operationId: 'addReviewImages', tag: 'reviews', auth: 'the author',
    summary: 'Add images (multipart/form-data with a Content-Length, files in "images" parts): JPEG, PNG or WebP by content, each up to '
      + 'REVIEW_IMAGE_MAX_BYTES, at most REVIEW_MAX_IMAGES per review; all or nothing. The review is checked before the body is read, '
      + 'and a refusal is answered at once, closing the connection without reading the rest of the body; '
      + 'past REVIEW_UPLOADS_MAX_CONCURRENT uploads at once an edge answers 503 UPLOADS_BUSY with Retry-After',
    body: reviewImagesBodySchema, bodyTypes: ['multipart/form-data'],
    responses: { 201: { description: 'the review with its images', schema: reviewSchema } },
    errors: [
      ...signedIn, 'UNSUPPORTED_MEDIA_TYPE', 'INVALID_INPUT', 'PAYLOAD_TOO_LARGE', 'NOT_FOUND', 'TOO_MANY_IMAGES', 'IMAGE_TOO_LARGE',
      'IMAGE_TYPE_NOT_ALLOWED', 'UPLOADS_BUSY',
    ],
  },
  {
    method: 'get', path: '/api/v1/review-images/{id}', operationId: 'getReviewImage', tag: 'reviews', summary: 'The bytes of an image of a visible review',
    responses: { 200: { description: 'image/jpeg, image/png or image/webp (nosniff, cached for a day)', contentType: 'image/*', schema: { type: 'string', format: 'binary' } } },
    errors: ['NOT_FOUND'],
  },
  {
    method: 'put', path: '/api/v1/reviews/{id}/vote', operationId: 'voteReview', tag: 'reviews', auth: 'signed in, not the author',
    summary: 'Vote helpful or not helpful: one vote per user, a second call changes it', body: reviewVoteSchema,
    responses: { 200: { description: 'the counts', schema: voteSchema } }, errors: [...signedIn, ...body, 'NOT_FOUND'],
  },
  {
    method: 'post', path: '/api/v1/seller/reviews/{id}/hide', operationId: 'hideReview', tag: 'reviews', auth: sellerAuth,
    summary: 'Hide an abusive review of your item (version-checked); it leaves the listing, histogram and votes', body: reviewHideSchema,
    responses: { 200: { description: 'hidden', schema: reviewSchema } }, errors: [...signedIn, ...body, 'NOT_FOUND', 'SELLER_REQUIRED', 'VERSION_CONFLICT'],
  },
  {
    method: 'get', path: '/api/v1/items/{id}/reviews', operationId: 'itemReviews', tag: 'reviews',
    summary: 'Visible reviews of an item, best (most helpful) or latest first, with the star histogram and average',
    query: [{ name: 'sort', schema: { enum: ['best', 'latest'], default: 'best' } }, ...paging],
    responses: { 200: { description: 'one page', schema: reviewPageSchema } }, errors: ['NOT_FOUND', 'INVALID_INPUT', 'INVALID_CURSOR'],
  },
  {
    method: 'get', path: '/api/v1/seller/settlements', operationId: 'sellerSettlements', tag: 'settlement', auth: 'seller role, a member of the seller; or admin',
    summary: 'A seller\'s settlement lines of one month (by delivery date, UTC), cursor-paged, with the month\'s totals',
    query: [{ name: 'seller', required: true, schema: { type: 'integer', minimum: 1 } }, { name: 'period', required: true, schema: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' } }, ...pageQueryDoc()],
    responses: { 200: { description: 'the month', schema: settlementSchema } }, errors: [...signedIn, 'INVALID_INPUT', 'INVALID_CURSOR', 'SELLER_REQUIRED'],
  },
  {
    method: 'post', path: '/api/v1/admin/settlements/run', operationId: 'runSettlement', tag: 'settlement', auth: 'admin',
    summary: 'Make the missing settlement lines now (what the scheduled job does; idempotent)',
    responses: { 200: { description: 'lines made by this run', schema: { type: 'object', properties: { created: integer }, required: ['created'] } } },
    errors: signedIn,
  },
];
