// Documentation of the payment-method routes (edge/payment/payment-method-routes.ts).
import type { JsonSchema, RouteDoc } from '../openapi/route-doc.js';
import { cardDetailsSchema } from './payment-method-schemas.js';
import { pageQueryDoc, pageSchema } from '../http/paging.js';

const methodSchema: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    cardToken: { type: 'string', description: 'the billing key: the cardToken of POST /api/v1/orders and POST /api/v1/orders/{id}/payment' },
    last4: { type: 'string', pattern: '^[0-9]{4}$' },
    brand: { enum: ['visa', 'mastercard', 'amex', 'unknown'] },
    expiry: { type: 'string', description: 'YYYY-MM' },
    createdAt: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'cardToken', 'last4', 'brand', 'expiry', 'createdAt'],
};
const auth: RouteDoc['errors'] = ['UNAUTHENTICATED', 'FORBIDDEN'];
const gateway: RouteDoc['errors'] = ['PAYMENT_GATEWAY_REJECTED', 'REMOTE_UNAVAILABLE', 'CIRCUIT_OPEN', 'REMOTE_TIMEOUT'];

export const paymentMethodApi: RouteDoc[] = [
  {
    method: 'post', path: '/api/v1/payment-methods', operationId: 'registerPaymentMethod', tag: 'payment methods', auth: 'order:create',
    summary: 'Registers a card: checked (check digit, expiry), then a billing key is issued by the payment gateway; the card number is never stored or logged. At most PAYMENT_METHODS_MAX_PER_USER (20) per user',
    body: cardDetailsSchema, responses: { 201: { description: 'registered', schema: methodSchema } },
    errors: [...auth, 'MALFORMED_JSON', 'INVALID_INPUT', 'PAYLOAD_TOO_LARGE', 'CARD_INVALID', 'CARD_REJECTED', 'PAYMENT_METHOD_LIMIT', ...gateway],
  },
  {
    method: 'get', path: '/api/v1/payment-methods', operationId: 'listPaymentMethods', tag: 'payment methods', auth: 'order:create',
    summary: 'The caller\'s payment methods, oldest first (cursor-paged)', query: pageQueryDoc(),
    responses: { 200: { description: 'a page of methods', schema: pageSchema(methodSchema) } },
    errors: [...auth, 'INVALID_INPUT', 'INVALID_CURSOR'],
  },
  {
    method: 'delete', path: '/api/v1/payment-methods/{id}', operationId: 'deletePaymentMethod', tag: 'payment methods', auth: 'order:create; the owner',
    summary: 'Removes a payment method: its billing key is deleted at the gateway first, so it can no longer be charged; someone else\'s answers 404',
    responses: { 204: { description: 'removed' } }, errors: [...auth, 'NOT_FOUND', ...gateway],
  },
];
