// Request schema of card registration (ajv; unknown fields rejected). Shapes only: the check digit and
// the expiry against today are the engine's (engine/payment/payment-methods.ts, 422 CARD_INVALID).
// Ajv's messages name the field and the rule, never the value, so a refused card number is not echoed.
import { Ajv, type JSONSchemaType } from 'ajv';
import type { CardDetails } from '../../engine/payment/payment-gateway.js';

const ajv = new Ajv({ allErrors: false, strict: true });

export const cardDetailsSchema: JSONSchemaType<CardDetails> = {
  type: 'object',
  properties: {
    cardNumber: { type: 'string', pattern: '^[0-9]{13,19}$', description: 'digits only; sent to the payment gateway once, never stored' },
    expiry: { type: 'string', pattern: '^20[0-9]{2}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' },
    birth: { type: 'string', pattern: '^[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])$', description: "the holder's birth date YYMMDD" },
    pwd2digit: { type: 'string', pattern: '^[0-9]{2}$', description: 'the first two digits of the card password' },
  },
  required: ['cardNumber', 'expiry', 'birth', 'pwd2digit'],
  additionalProperties: false,
};

export const validateCardDetails = ajv.compile(cardDetailsSchema);
