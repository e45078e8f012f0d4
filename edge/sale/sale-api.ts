// Documentation of the flash-sale and operations routes.
import { attemptBodySchema, newSaleSchema } from '../http/schemas.js';
import type { JsonSchema, RouteDoc } from '../openapi/route-doc.js';

const saleSchema: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    sku: { type: 'string' },
    stock: { type: 'integer' },
    remaining: { type: ['integer', 'null'], description: 'units Redis can still admit; null while counters are missing' },
    sold: { type: 'integer', description: 'units durably ordered in Postgres' },
    perUserLimit: { type: 'integer' },
    price: { type: 'integer' },
    salePrice: { type: 'integer' },
    startsAt: { type: 'string', format: 'date-time' },
    endsAt: { type: 'string', format: 'date-time' },
    createdAt: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'sku', 'stock', 'remaining', 'sold'],
};

const upDown = { enum: ['up', 'down'] };
const readinessSchema: JsonSchema = {
  type: 'object',
  properties: {
    status: { enum: ['ready', 'not_ready'] },
    checks: { type: 'object', properties: { redis: upDown, nats: upDown, postgres: upDown }, required: ['redis', 'nats', 'postgres'] },
  },
  required: ['status', 'checks'],
};

const ticketSchema: JsonSchema = {
  type: 'object',
  properties: {
    ticket: { type: 'string' },
    status: { enum: ['ADMITTED', 'CONFIRMED', 'FAILED'] },
    orderId: { type: 'string', format: 'uuid' },
  },
  required: ['ticket', 'status'],
};

export const saleApi: RouteDoc[] = [
  {
    method: 'post', path: '/api/v1/admin/sales', operationId: 'createSale', tag: 'sales', auth: 'sale:create',
    summary: 'Create a flash sale (Postgres row + Redis admission counters)',
    body: newSaleSchema,
    bodyExample: { sku: 'SNEAKER-42', stock: 100, perUserLimit: 2, price: 129_000, salePrice: 59_000, startsAt: '2027-03-01T12:00:00Z', endsAt: '2027-03-01T13:00:00Z' },
    responses: { 201: { description: 'created', schema: saleSchema } },
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'MALFORMED_JSON', 'INVALID_INPUT', 'PAYLOAD_TOO_LARGE'],
  },
  {
    method: 'post', path: '/api/v1/sales/{id}/attempts', operationId: 'attemptSale', tag: 'sales', auth: 'buyer',
    summary: 'Try to buy in a flash sale (raw uWS hot path; one Redis Lua round trip)',
    headers: [{ name: 'Idempotency-Key', required: true, schema: { type: 'string', minLength: 1, maxLength: 128 }, description: 'a replay returns the first answer, never a second unit' }],
    body: attemptBodySchema,
    bodyExample: { quantity: 1 },
    responses: { 202: { description: 'admitted', schema: { type: 'object', properties: { ticket: { type: 'string' }, status: { const: 'ADMITTED' } }, required: ['ticket', 'status'] } } },
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'IDEMPOTENCY_KEY_REQUIRED', 'MALFORMED_JSON', 'INVALID_INPUT', 'PAYLOAD_TOO_LARGE', 'NOT_FOUND',
      'RATE_LIMITED', 'SOLD_OUT', 'LIMIT_REACHED', 'NOT_OPEN', 'ENDED', 'IDEMPOTENCY_MISMATCH', 'SALE_UNAVAILABLE', 'UNAVAILABLE'],
  },
  {
    method: 'get', path: '/api/v1/sales/{id}', operationId: 'getSale', tag: 'sales',
    summary: 'A sale with its admission counter and durable sold units',
    responses: { 200: { description: 'the sale', schema: saleSchema } },
    errors: ['NOT_FOUND'],
  },
  {
    method: 'get', path: '/api/v1/tickets/{ticket}', params: { ticket: { type: 'string', pattern: '^[0-9]+_[0-9a-f-]{36}$', description: 'the ticket of a sale attempt: <sale id>_<uuid>' } }, operationId: 'getTicket', tag: 'sales', auth: 'owner or admin',
    summary: 'Where a ticket stands (CONFIRMED once its order row is in Postgres)',
    responses: { 200: { description: 'the ticket', schema: ticketSchema } },
    errors: ['UNAUTHENTICATED', 'NOT_FOUND'],
  },
];

export const opsApi: RouteDoc[] = [
  {
    method: 'get', path: '/healthz', operationId: 'health', tag: 'operations', summary: 'The process is alive',
    responses: { 200: { description: 'alive', schema: { type: 'object', properties: { status: { const: 'ok' } }, required: ['status'] } } }, errors: [],
  },
  {
    method: 'get', path: '/readyz', operationId: 'ready', tag: 'operations', summary: 'Redis, NATS and Postgres are reachable',
    responses: {
      200: { description: 'ready', schema: readinessSchema, example: { status: 'ready', checks: { redis: 'up', nats: 'up', postgres: 'up' } } },
      503: { description: 'a dependency is down; `checks` says which', schema: readinessSchema },
    },
    errors: [],
  },
  {
    method: 'get', path: '/api/v1/openapi.json', operationId: 'openapi', tag: 'operations', summary: 'This document',
    responses: { 200: { description: 'OpenAPI 3.1', schema: { type: 'object', properties: { openapi: { const: '3.1.0' } }, required: ['openapi'] } } }, errors: [],
  },
];
