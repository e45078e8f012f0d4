// Request schemas of the fake gateway (ajv). Unknown fields are refused, so a card number sent with a
// payment (`card_number`; only billing-key registration takes one) or a typo in the adapter is caught
// rather than ignored.
import { Ajv, type ErrorObject, type JSONSchemaType } from 'ajv';
import type { PortOneBillingKeyRequest, PortOneCancelRequest, PortOnePayRequest } from '../portone-wire.js';

interface TokenRequest {
  imp_key: string;
  imp_secret: string;
}

const MAX_AMOUNT = 1_000_000_000_000;
const merchantUid = { type: 'string', minLength: 1, maxLength: 80, pattern: '^[A-Za-z0-9._:-]+$' } as const;
const ajv = new Ajv({ allErrors: false, strict: true });

const tokenSchema: JSONSchemaType<TokenRequest> = {
  type: 'object',
  properties: { imp_key: { type: 'string', maxLength: 200 }, imp_secret: { type: 'string', maxLength: 200 } },
  required: ['imp_key', 'imp_secret'],
  additionalProperties: false,
};

const paySchema: JSONSchemaType<PortOnePayRequest> = {
  type: 'object',
  properties: {
    merchant_uid: merchantUid,
    amount: { type: 'integer', minimum: 1, maximum: MAX_AMOUNT },
    card_token: { type: 'string', minLength: 4, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    customer_id: { type: 'string', maxLength: 64, nullable: true },
  },
  required: ['merchant_uid', 'amount', 'card_token', 'name'],
  additionalProperties: false,
};

const cancelSchema: JSONSchemaType<PortOneCancelRequest> = {
  type: 'object',
  properties: {
    merchant_uid: merchantUid,
    amount: { type: 'integer', minimum: 1, maximum: MAX_AMOUNT, nullable: true },
    reason: { type: 'string', minLength: 1, maxLength: 200 },
    checksum: { type: 'integer', minimum: 0, maximum: MAX_AMOUNT, nullable: true },
  },
  required: ['merchant_uid', 'reason'],
  additionalProperties: false,
};

// shapes only: what is wrong with the card itself (digits, check digit, expiry) is the issuer's 422 (billing-keys.ts)
const billingKeySchema: JSONSchemaType<PortOneBillingKeyRequest> = {
  type: 'object',
  properties: {
    card_number: { type: 'string', maxLength: 32 },
    expiry: { type: 'string', maxLength: 16 },
    birth: { type: 'string', maxLength: 16 },
    pwd_2digit: { type: 'string', maxLength: 8 },
  },
  required: ['card_number', 'expiry', 'birth', 'pwd_2digit'],
  additionalProperties: false,
};

export const validateTokenRequest = ajv.compile(tokenSchema);
export const validateBillingKeyRequest = ajv.compile(billingKeySchema);
export const validatePayRequest = ajv.compile(paySchema);
export const validateCancelRequest = ajv.compile(cancelSchema);

export type Validator<T> = { (data: unknown): data is T; errors?: ErrorObject[] | null };

/** The parsed body, or the reason it is refused. */
export function checkBody<T>(text: string, validate: Validator<T>): { ok: true; value: T } | { ok: false; message: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, message: 'body is not valid JSON' };
  }
  if (validate(data)) return { ok: true, value: data };
  const first = validate.errors?.[0];
  if (first?.keyword === 'additionalProperties') return { ok: false, message: `unknown field "${String(first.params.additionalProperty)}"` };
  return { ok: false, message: `${first?.instancePath || 'body'} ${first?.message ?? 'is invalid'}` };
}
