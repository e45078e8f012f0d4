// Documentation of the reservation routes (edge/reservation/reservation-routes.ts).
import { reservationBodySchema } from './reservation-schemas.js';
import { uuidParam, type JsonSchema, type RouteDoc } from '../openapi/route-doc.js';

const reservationSchema: JsonSchema = {
  type: 'object',
  properties: {
    reservationId: { type: 'string', format: 'uuid' },
    status: { enum: ['PENDING', 'HELD', 'CONFIRMED', 'EXPIRED', 'CANCELLED'], description: 'PENDING until a worker has persisted the hold' },
    expiresAt: { type: 'string', format: 'date-time' },
    items: {
      type: 'array',
      items: { type: 'object', properties: { sku: { type: 'integer' }, quantity: { type: 'integer' }, slot: { type: 'string' } }, required: ['sku', 'quantity'] },
    },
  },
  required: ['reservationId', 'status', 'expiresAt', 'items'],
};

export const reservationApi: RouteDoc[] = [
  {
    method: 'post', path: '/api/v1/reservations', operationId: 'createReservation', tag: 'reservations', auth: 'buyer',
    summary: 'Hold units of several SKUs at once, all or nothing (one Redis Lua call); persisted asynchronously, so the answer is PENDING. '
      + 'Only SKUs whose item is in SALES, and for a RESERVABLE SKU only a slot it lists; a buyer holds at most '
      + 'RESERVATION_MAX_HELD_UNITS_PER_USER units at once (409 HOLD_LIMIT_REACHED; a hold that ends frees its units)',
    headers: [{ name: 'Idempotency-Key', required: true, schema: { type: 'string', minLength: 1, maxLength: 128 }, description: 'a replay answers the same reservation, never a second hold' }],
    body: reservationBodySchema,
    responses: {
      202: {
        description: 'held',
        schema: { type: 'object', properties: { reservationId: { type: 'string', format: 'uuid' }, status: { const: 'PENDING' } }, required: ['reservationId', 'status'] },
      },
    },
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'IDEMPOTENCY_KEY_REQUIRED', 'PAYLOAD_TOO_LARGE', 'MALFORMED_JSON', 'INVALID_INPUT', 'INSUFFICIENT_STOCK',
      'ITEM_NOT_ON_SALE', 'HOLD_LIMIT_REACHED', 'SLOT_REQUIRED', 'SLOT_NOT_ALLOWED', 'UNKNOWN_SLOT', 'UNKNOWN_SKU', 'INVENTORY_UNAVAILABLE', 'IDEMPOTENCY_MISMATCH'],
  },
  {
    method: 'get', path: '/api/v1/reservations/{id}', params: { id: uuidParam }, operationId: 'getReservation', tag: 'reservations', auth: 'signed in; the owner or an admin',
    summary: 'A reservation (someone else\'s answers 404)',
    responses: { 200: { description: 'the reservation', schema: reservationSchema } }, errors: ['UNAUTHENTICATED', 'NOT_FOUND'],
  },
  {
    method: 'post', path: '/api/v1/reservations/{id}/confirm', params: { id: uuidParam }, operationId: 'confirmReservation', tag: 'reservations', auth: 'buyer; the owner',
    summary: 'Always refused for the owner (409 PAYMENT_REQUIRED): a hold becomes sold only through a paid order, '
      + 'by checking it out with POST /api/v1/orders {reservationId, ...} and paying that order; someone else\'s or a missing reservation answers 404',
    responses: {}, errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'PAYMENT_REQUIRED'],
  },
  {
    method: 'delete', path: '/api/v1/reservations/{id}', params: { id: uuidParam }, operationId: 'cancelReservation', tag: 'reservations', auth: 'buyer; the owner',
    summary: 'HELD -> CANCELLED: the units go back',
    // version-checked SKU counters are retried until they give up
    responses: { 200: { description: 'cancelled', schema: reservationSchema } },
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'RESERVATION_NOT_HELD', 'RESERVATION_EXPIRED', 'VERSION_CONFLICT'],
  },
];
