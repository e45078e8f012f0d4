// Request schemas (JSON Schema, compiled once by ajv). Unknown fields are rejected everywhere.
import { Ajv, type ErrorObject, type JSONSchemaType } from 'ajv';
import { EngineError } from '../../engine/platform/errors.js';
import type { NewSale } from '../../engine/sale/sale-store.js';

export const MAX_ATTEMPT_QUANTITY = 100;
const MAX_STOCK = 10_000_000;
const MAX_PRICE = 1_000_000_000_000;
const isoDateTime = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$';
/** The same ISO 8601 shape for values outside a JSON body (query strings). */
export const ISO_DATE_TIME = new RegExp(isoDateTime);

const ajv = new Ajv({ allErrors: false, strict: true });

export interface AttemptBody {
  quantity: number;
}

export const attemptBodySchema: JSONSchemaType<AttemptBody> = {
  type: 'object',
  properties: { quantity: { type: 'integer', minimum: 1, maximum: MAX_ATTEMPT_QUANTITY } },
  required: ['quantity'],
  additionalProperties: false,
};

export const newSaleSchema: JSONSchemaType<NewSale> = {
  type: 'object',
  properties: {
    sku: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' },
    stock: { type: 'integer', minimum: 1, maximum: MAX_STOCK },
    perUserLimit: { type: 'integer', minimum: 1, maximum: MAX_ATTEMPT_QUANTITY },
    price: { type: 'integer', minimum: 0, maximum: MAX_PRICE },
    salePrice: { type: 'integer', minimum: 0, maximum: MAX_PRICE },
    startsAt: { type: 'string', maxLength: 40, pattern: isoDateTime },
    endsAt: { type: 'string', maxLength: 40, pattern: isoDateTime },
  },
  required: ['sku', 'stock', 'perUserLimit', 'price', 'salePrice', 'startsAt', 'endsAt'],
  additionalProperties: false,
};

export const validateAttemptBody = ajv.compile(attemptBodySchema);
export const validateNewSale = ajv.compile(newSaleSchema);

function describe(errors: ErrorObject[] | null | undefined): string {
  const first = errors?.[0];
  if (!first) return 'invalid body';
  if (first.keyword === 'additionalProperties') return `unknown field "${String(first.params.additionalProperty)}"`;
  return `${first.instancePath || 'body'} ${first.message ?? 'is invalid'}`;
}

/** Parses JSON text and checks it against a compiled schema; throws typed 400 errors. */
export function parseBody<T>(text: string, validate: { (data: unknown): data is T; errors?: ErrorObject[] | null }): T {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new EngineError('MALFORMED_JSON', 'body is not valid JSON');
  }
  if (!validate(data)) throw new EngineError('INVALID_INPUT', describe(validate.errors));
  return data;
}

/** A RESERVABLE SKU's slot (a date or seat label); never ':', ',' or '|', which separate fields in Redis records. */
export const slotLabelSchema = { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,32}$' } as const;

/** Idempotency-Key: 1-128 visible ASCII characters (it becomes part of a Redis key). */
export function isValidIdempotencyKey(key: string): boolean {
  return key.length >= 1 && key.length <= 128 && /^[\x21-\x7e]+$/.test(key);
}
