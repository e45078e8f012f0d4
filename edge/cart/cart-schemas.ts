// Request schemas of the cart routes (ajv; unknown fields rejected).
import { Ajv, type JSONSchemaType } from 'ajv';

/** Hard cap of the schema; the configured per-SKU limit is checked after validation. */
const MAX_QUANTITY = 10_000;

const ajv = new Ajv({ allErrors: false, strict: true });

export const skuId = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } as const;
export const quantity = { type: 'integer', minimum: 1, maximum: MAX_QUANTITY } as const;

export interface CartAddBody {
  sku: number;
  quantity: number;
}

export const cartAddSchema: JSONSchemaType<CartAddBody> = {
  type: 'object',
  properties: { sku: skuId, quantity },
  required: ['sku', 'quantity'],
  additionalProperties: false,
};

export interface CartQuantityBody {
  quantity: number;
}

export const cartQuantitySchema: JSONSchemaType<CartQuantityBody> = {
  type: 'object',
  properties: { quantity },
  required: ['quantity'],
  additionalProperties: false,
};

export const validateCartAdd = ajv.compile(cartAddSchema);
export const validateCartQuantity = ajv.compile(cartQuantitySchema);
