// Request schema of POST /api/v1/reservations (ajv; unknown fields rejected).
import { Ajv, type JSONSchemaType } from 'ajv';
import { slotLabelSchema } from '../http/schemas.js';

export const MAX_RESERVATION_QUANTITY = 100;
/** Hard cap of the schema; the configured RESERVATION_MAX_ITEMS may only be lower. */
export const MAX_RESERVATION_ITEMS = 100;

export interface ReservationBody {
  items: { sku: number; quantity: number; slot?: string }[];
}

const ajv = new Ajv({ allErrors: false, strict: true });

export const reservationBodySchema: JSONSchemaType<ReservationBody> = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_RESERVATION_ITEMS,
      items: {
        type: 'object',
        properties: {
          sku: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
          quantity: { type: 'integer', minimum: 1, maximum: MAX_RESERVATION_QUANTITY },
          // one of the slots the SKU defines (RESERVABLE only)
          slot: { ...slotLabelSchema, nullable: true },
        },
        required: ['sku', 'quantity'],
        additionalProperties: false,
      },
    },
  },
  required: ['items'],
  additionalProperties: false,
};

export const validateReservationBody = ajv.compile(reservationBodySchema);
