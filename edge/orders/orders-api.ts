// Documentation of the order routes (edge/orders/order-routes.ts, internal-order-routes.ts, fulfilment-routes.ts).
import { intakeBodySchema, newShipmentSchema, orderBodySchema, paymentBodySchema, shipmentSchema, shipmentStatuses } from './order-schemas.js';
import { uuidParam, type JsonSchema, type RouteDoc } from '../openapi/route-doc.js';
import { pageQueryDoc, pageSchema } from '../http/paging.js';

const orderStatuses = ['AWAITING_PAYMENT', 'ORDERED', 'PAID', 'PREPARING', 'SHIPPING', 'DELIVERED', 'EXPIRED', 'CANCELLED', 'PAYMENT_CANCELLED', 'SELLER_CANCELLED', 'PARKED'];
export const summarySchema: JsonSchema = {
  type: 'object',
  properties: {
    orderId: { type: 'string', format: 'uuid' },
    status: { enum: orderStatuses },
    amount: { type: 'integer', description: 'what the order costs (a flash-sale order: salePrice x quantity)' },
    totalAmount: { type: 'integer', description: 'the same as amount (older clients)' },
    createdAt: { type: 'string', format: 'date-time' },
    payBy: { type: 'string', format: 'date-time', description: 'AWAITING_PAYMENT orders (flash-sale tickets): unpaid at this time the order becomes EXPIRED' },
    failureCode: { type: 'string', description: 'why a cancelled order ended, or why the last payment of a payable order failed: INSUFFICIENT_STOCK, PAYMENT_DECLINED, PAYMENT_UNAVAILABLE, HOLD_EXPIRED, PAYMENT_WINDOW_CLOSED, CANCELLED_BY_BUYER, CANCELLED_BY_SELLER' },
  },
  required: ['orderId', 'status', 'amount', 'totalAmount', 'createdAt'],
};
const dateTime = { type: 'string', format: 'date-time' } as const;
/** What an order item shows of its way to the buyer, in the buyer's order and the seller's list. */
const fulfilmentProperties = {
  shipmentStatus: { enum: shipmentStatuses },
  shipmentId: { type: 'integer', description: 'the parcel the item left in (absent when it was moved to SHIPPING without one)' },
  courier: { type: 'string' },
  trackingNumber: { type: 'string' },
  shippedAt: dateTime,
  deliveredAt: dateTime,
  receiptConfirmedAt: { ...dateTime, description: 'the buyer\'s purchase confirmation (or the automatic one ORDER_AUTO_CONFIRM_DAYS after the delivery): from then on the item is settled' },
};
const detailSchema: JsonSchema = {
  ...summarySchema,
  properties: {
    ...(summarySchema.properties as object),
    receiver: { type: 'object', properties: { name: { type: 'string' }, phone: { type: 'string' }, address: { type: 'string' } }, required: ['name', 'phone', 'address'] },
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          orderItemId: { type: 'integer' }, itemId: { type: 'integer' }, sku: { type: 'integer' }, sellerId: { type: 'integer' }, saleId: { type: 'integer' },
          quantity: { type: 'integer' }, unitPrice: { type: 'integer' }, ...fulfilmentProperties,
        },
        required: ['orderItemId', 'quantity', 'unitPrice', 'shipmentStatus'],
      },
    },
  },
};
const sellerOrderItemSchema: JsonSchema = {
  type: 'object',
  properties: {
    orderId: { type: 'string', format: 'uuid' }, orderStatus: { enum: orderStatuses }, orderedAt: dateTime,
    orderItemId: { type: 'integer' }, sellerId: { type: 'integer' }, itemId: { type: 'integer' }, sku: { type: 'integer' },
    quantity: { type: 'integer' }, unitPrice: { type: 'integer' }, ...fulfilmentProperties,
    receiver: { type: 'object', properties: { name: { type: 'string' }, phone: { type: 'string' }, address: { type: 'string' } }, required: ['name', 'phone', 'address'] },
    deliveryNote: { type: 'string' },
  },
  required: ['orderId', 'orderStatus', 'orderedAt', 'orderItemId', 'sellerId', 'itemId', 'sku', 'quantity', 'unitPrice', 'shipmentStatus', 'receiver', 'deliveryNote'],
};
const shipmentViewSchema: JsonSchema = {
  type: 'object',
  properties: {
    shipmentId: { type: 'integer' }, orderId: { type: 'string', format: 'uuid' }, status: { enum: orderStatuses, description: 'the order\'s status after the shipment' },
    courier: { type: 'string' }, trackingNumber: { type: 'string' }, shippedAt: dateTime, itemIds: { type: 'array', items: { type: 'integer' } },
  },
  required: ['shipmentId', 'orderId', 'status', 'courier', 'trackingNumber', 'shippedAt', 'itemIds'],
};
const accepted = { type: 'object', properties: { orderId: { type: 'string', format: 'uuid' }, status: { const: 'PENDING' } }, required: ['orderId', 'status'] };
const auth: RouteDoc['errors'] = ['UNAUTHENTICATED', 'FORBIDDEN'];

/** The receiver is `addressId` (copied from the caller's address book) or `receiver`, exactly one. */
const receiverErrors: RouteDoc['errors'] = ['RECEIVER_AMBIGUOUS', 'RECEIVER_REQUIRED', 'ADDRESS_NOT_FOUND'];

export const ordersApi: RouteDoc[] = [
  {
    method: 'post', path: '/api/v1/orders', operationId: 'createOrder', tag: 'orders', auth: 'order:create',
    summary: 'Places an order from the cart (fromCart: true, the cart is emptied), from items, or as the checkout of a HELD reservation (reservationId: the order buys the hold, payable until the hold ends; one order per hold); the saga (stock, payment, confirm) runs asynchronously and pushes {type:"order", orderId, status}',
    headers: [{ name: 'Idempotency-Key', required: true, schema: { type: 'string', minLength: 1, maxLength: 128 }, description: 'a retry answers the same order' }],
    body: orderBodySchema,
    bodyExample: { fromCart: true, receiver: { name: 'Kim Minji', phone: '010-1234-5678', address: '1 Sejong-daero, Seoul' }, deliveryNote: 'leave at the door', cardToken: 'billing-key-from-POST-payment-methods' }, responses: { 202: { description: 'accepted', schema: accepted } },
    errors: [...auth, 'IDEMPOTENCY_KEY_REQUIRED', 'IDEMPOTENCY_MISMATCH', 'MALFORMED_JSON', 'INVALID_INPUT', 'PAYLOAD_TOO_LARGE', 'CART_EMPTY', 'UNKNOWN_SKU', 'ITEM_NOT_ON_SALE', 'QUANTITY_OVER_LIMIT', 'TOO_MANY_LINES',
      'NOT_FOUND', 'RESERVATION_EXPIRED', 'RESERVATION_NOT_HELD', 'RESERVATION_CHECKED_OUT', ...receiverErrors],
  },
  {
    method: 'post', path: '/api/v1/orders/{id}/payment', params: { id: uuidParam }, operationId: 'payOrder', tag: 'orders', auth: 'order:create; the owner',
    summary: 'Pays an AWAITING_PAYMENT order (a flash-sale ticket\'s) before its payBy; charged asynchronously and pushed on order.<id> and user.<id>: PAID, or AWAITING_PAYMENT again with failureCode PAYMENT_DECLINED (pay again until payBy)',
    headers: [{ name: 'Idempotency-Key', required: true, schema: { type: 'string', minLength: 1, maxLength: 128 }, description: 'a retry answers the same and never charges twice' }],
    body: paymentBodySchema,
    responses: { 202: { description: 'payment started', schema: { type: 'object', properties: { orderId: { type: 'string', format: 'uuid' }, status: { const: 'PAYMENT_PENDING' } }, required: ['orderId', 'status'] } } },
    errors: [...auth, 'IDEMPOTENCY_KEY_REQUIRED', 'IDEMPOTENCY_MISMATCH', 'MALFORMED_JSON', 'INVALID_INPUT', 'PAYLOAD_TOO_LARGE', 'NOT_FOUND', 'ORDER_NOT_PAYABLE', 'PAYMENT_WINDOW_CLOSED', 'PAYMENT_IN_PROGRESS', 'UNAVAILABLE',
      ...receiverErrors],
  },
  {
    method: 'get', path: '/api/v1/orders', operationId: 'listOrders', tag: 'orders', auth: 'order:read:own',
    summary: 'The caller\'s orders, newest first (cursor-paged)', query: pageQueryDoc('before'),
    responses: { 200: { description: 'a page', schema: pageSchema(summarySchema) } },
    errors: [...auth, 'INVALID_INPUT', 'INVALID_CURSOR'],
  },
  {
    method: 'get', path: '/api/v1/orders/{id}', params: { id: uuidParam }, operationId: 'getOrder', tag: 'orders', auth: 'signed in; the owner, or order:read:any',
    summary: 'One order: items with their seller, shipment status, parcel (courier, tracking number) and receipt confirmation, the payment (card last four, receipt) and the events; someone else\'s answers 404',
    responses: { 200: { description: 'the order', schema: detailSchema } }, errors: ['UNAUTHENTICATED', 'NOT_FOUND'],
  },
  {
    method: 'delete', path: '/api/v1/orders/{id}', params: { id: uuidParam }, operationId: 'cancelOrder', tag: 'orders', auth: 'order:create; the owner',
    summary: 'Cancels an order before anything ships: the payment is cancelled and the stock released asynchronously (pushed as CANCELLED)',
    responses: { 202: { description: 'compensation started', schema: { type: 'object', properties: { orderId: { type: 'string', format: 'uuid' }, status: { const: 'CANCELLING' } }, required: ['orderId', 'status'] } } },
    errors: [...auth, 'NOT_FOUND', 'ORDER_NOT_CANCELLABLE'],
  },
  {
    method: 'post', path: '/api/v1/seller/orders/{id}/items/{itemId}/shipment', params: { id: uuidParam }, operationId: 'updateShipment', tag: 'orders', auth: 'seller; a member of the item\'s seller',
    summary: 'Moves an order item PENDING -> PREPARING -> SHIPPING -> DELIVERED (the order follows), or CANCELLED before shipping: that item alone is refunded and restocked (the order becomes SELLER_CANCELLED once no item is left)',
    body: shipmentSchema,
    responses: { 200: { description: 'moved', schema: { type: 'object', properties: { orderId: { type: 'string', format: 'uuid' }, status: { enum: orderStatuses }, shipmentStatus: { enum: shipmentStatuses } }, required: ['orderId', 'status', 'shipmentStatus'] } } },
    errors: [...auth, 'MALFORMED_JSON', 'INVALID_INPUT', 'PAYLOAD_TOO_LARGE', 'NOT_FOUND', 'ILLEGAL_SHIPMENT_TRANSITION', 'NOT_CANCELLABLE', 'NOT_PAID', 'REFUND_FAILED', 'VERSION_CONFLICT'],
  },
  {
    method: 'get', path: '/api/v1/seller/orders', operationId: 'listSellerOrders', tag: 'orders', auth: 'seller',
    summary: 'The order items of the sellers the caller is a member of (never another seller\'s items of the same order), of paid orders, newest first, with the receiver to ship to, the parcel and the receipt confirmation',
    query: [
      { name: 'status', schema: { enum: shipmentStatuses, description: 'only items of this shipment status' } },
      ...pageQueryDoc(),
    ],
    responses: { 200: { description: 'a page', schema: pageSchema(sellerOrderItemSchema) } },
    errors: [...auth, 'INVALID_INPUT', 'INVALID_CURSOR'],
  },
  {
    method: 'post', path: '/api/v1/seller/orders/{orderId}/shipments', params: { orderId: uuidParam }, operationId: 'shipOrderItems', tag: 'orders', auth: 'seller; a member of every item\'s seller',
    summary: 'Ships items of a paid order (PENDING or PREPARING, all the caller\'s sellers\' own) as one parcel: they become SHIPPING with the courier and tracking number, which the buyer reads on the order\'s items; the order follows (pushed). The same request again answers the same parcel (200); someone else\'s item answers 404',
    body: newShipmentSchema,
    responses: { 201: { description: 'shipped', schema: shipmentViewSchema }, 200: { description: 'a repeat of a shipment already made: the same parcel', schema: shipmentViewSchema } },
    errors: [...auth, 'MALFORMED_JSON', 'INVALID_INPUT', 'PAYLOAD_TOO_LARGE', 'NOT_FOUND', 'ILLEGAL_SHIPMENT_TRANSITION'],
  },
  {
    method: 'post', path: '/api/v1/orders/{id}/items/{itemId}/confirm-receipt', params: { id: uuidParam }, operationId: 'confirmReceipt', tag: 'orders', auth: 'order:create; the owner',
    summary: 'The buyer\'s purchase confirmation of a DELIVERED item: from then on it is settled with its seller. Unconfirmed items are confirmed automatically ORDER_AUTO_CONFIRM_DAYS (7) after the delivery. A repeat answers the first confirmation',
    responses: { 200: { description: 'confirmed', schema: { type: 'object', properties: { orderId: { type: 'string', format: 'uuid' }, orderItemId: { type: 'integer' }, receiptConfirmedAt: dateTime, confirmedBy: { enum: ['BUYER', 'AUTO'] } }, required: ['orderId', 'orderItemId', 'receiptConfirmedAt', 'confirmedBy'] } } },
    errors: [...auth, 'NOT_FOUND', 'RECEIPT_NOT_CONFIRMABLE'],
  },
  {
    method: 'post', path: '/internal/v1/orders', operationId: 'intakeOrders', tag: 'orders', auth: 'service token with scope order:intake',
    summary: 'A batch of orders from another service, each for a buyer with its own idempotency key, through the same saga; one answer per order',
    body: intakeBodySchema, bodyTypes: ['application/json', 'application/msgpack'],
    responses: { 202: { description: 'per order: {orderId, status} or {error: {code, message}}', schema: {
      type: 'object',
      properties: { results: { type: 'array', items: { oneOf: [accepted, { $ref: '#/components/schemas/Error' }] } } },
      required: ['results'],
    } } },
    errors: [...auth, 'MALFORMED_JSON', 'INVALID_INPUT', 'PAYLOAD_TOO_LARGE'],
  },
];
