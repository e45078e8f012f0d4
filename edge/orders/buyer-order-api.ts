// Documentation of the buyer's order pages (edge/orders/buyer-order-routes.ts).
import { uuidParam, type JsonSchema, type RouteDoc } from '../openapi/route-doc.js';

const integer = { type: 'integer' } as const;
const string = { type: 'string' } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;

const receiptSchema: JsonSchema = {
  type: 'object',
  properties: {
    orderId: { type: 'string', format: 'uuid' }, status: string, orderedAt: dateTime,
    paidAt: dateTime, issuedAt: { ...dateTime, description: 'when this receipt was made' },
    items: {
      type: 'array',
      items: {
        type: 'object',
        description: 'a catalog line names itemId (and name), a flash-sale line saleId; amount = unitPrice x quantity',
        properties: { orderItemId: integer, itemId: integer, saleId: integer, name: string, quantity: integer, unitPrice: integer, amount: integer, shipmentStatus: string },
        required: ['orderItemId', 'quantity', 'unitPrice', 'amount', 'shipmentStatus'],
      },
    },
    totalAmount: integer,
    payment: {
      type: 'object',
      properties: {
        method: { const: 'CARD' }, status: { enum: ['PAID', 'PARTIAL_CANCELLED', 'CANCELLED'] }, amount: integer,
        maskedCard: { ...string, description: '"**** **** **** 4242": only the last four digits are ever stored' }, receiptUrl: string,
      },
      required: ['method', 'status', 'amount'],
    },
    refunds: {
      type: 'array',
      description: 'oldest first; ORDER_CANCEL is what a cancellation of the whole order gave back beyond the per-item refunds',
      items: { type: 'object', properties: { source: { enum: ['RETURN', 'SELLER_CANCEL', 'ORDER_CANCEL'] }, amount: integer, at: dateTime }, required: ['source', 'amount'] },
    },
    refundedAmount: integer,
    netAmount: { ...integer, description: 'payment amount - refundedAmount' },
  },
  required: ['orderId', 'status', 'orderedAt', 'issuedAt', 'items', 'totalAmount', 'payment', 'refunds', 'refundedAmount', 'netAmount'],
};

const auth: RouteDoc['errors'] = ['UNAUTHENTICATED', 'FORBIDDEN'];

export const buyerOrderApi: RouteDoc[] = [
  {
    method: 'get', path: '/api/v1/orders/{id}/receipt', params: { id: uuidParam }, operationId: 'orderReceipt', tag: 'orders', auth: 'order:read:own; the owner',
    summary: 'The receipt of a paid order: items and amounts, the payment (card masked), the refunds so far, timestamps; someone else\'s order is 404, one never paid 409 NOT_PAID',
    responses: { 200: { description: 'the receipt', schema: receiptSchema } },
    errors: [...auth, 'NOT_FOUND', 'NOT_PAID'],
  },
  {
    method: 'delete', path: '/api/v1/orders/{id}/history', params: { id: uuidParam }, operationId: 'hideOrder', tag: 'orders', auth: 'order:read:own; the owner',
    summary: 'Hides a final order (DELIVERED, EXPIRED, CANCELLED, PAYMENT_CANCELLED or SELLER_CANCELLED, its saga finished) from GET /api/v1/orders; '
      + 'it stays readable by id (receipt, returns); again is 204 too; an order still in progress 409 ORDER_IN_PROGRESS; someone else\'s 404',
    responses: { 204: { description: 'hidden' } },
    errors: [...auth, 'NOT_FOUND', 'ORDER_IN_PROGRESS'],
  },
];
