// Request schemas of the order routes (ajv; unknown fields rejected) and their list's page size. An
// order line has a cart line's fields.
import { Ajv, type JSONSchemaType } from 'ajv';
import { EngineError } from '../../engine/platform/errors.js';
import type { ShipmentStatus } from '../../engine/orders/order-types.js';
import { quantity, skuId } from '../cart/cart-schemas.js';

/** Hard cap of the schema; the configured per-order limit is checked after validation. */
const MAX_LINES = 200;
/** Hard cap of one internal batch; ORDER_INTAKE_BATCH_MAX may only be lower. */
export const MAX_INTAKE_BATCH = 500;

const ajv = new Ajv({ allErrors: false, strict: true });

export interface OrderLineInput {
  sku: number;
  quantity: number;
}

export interface OrderBody {
  fromCart?: boolean;
  items?: OrderLineInput[];
  /** the checkout of a HELD reservation: the order buys its units */
  reservationId?: string;
  /** exactly one of addressId (from the buyer's address book, copied into the order) and receiver */
  addressId?: number;
  receiver?: { name: string; phone: string; address: string };
  deliveryNote?: string;
  cardToken: string;
}

const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max }) as const;
const addressId = {
  type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, nullable: true,
  description: 'an address of the caller\'s book (GET /api/v1/addresses), copied into the order; give it or receiver, not both',
} as const;

const lineSchema = {
  type: 'object',
  properties: { sku: skuId, quantity },
  required: ['sku', 'quantity'],
  additionalProperties: false,
} as const;

export const receiverSchema = {
  type: 'object',
  properties: { name: text(100), phone: { type: 'string', pattern: '^[0-9+() -]{6,20}$' }, address: text(300) },
  required: ['name', 'phone', 'address'],
  additionalProperties: false,
} as const;

export const orderBodySchema: JSONSchemaType<OrderBody> = {
  type: 'object',
  properties: {
    fromCart: { type: 'boolean', nullable: true },
    items: { type: 'array', nullable: true, minItems: 1, maxItems: MAX_LINES, items: lineSchema },
    reservationId: { type: 'string', nullable: true, pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' },
    addressId,
    receiver: { ...receiverSchema, nullable: true },
    deliveryNote: { type: 'string', nullable: true, maxLength: 300 },
    cardToken: text(200),
  },
  required: ['cardToken'],
  additionalProperties: false,
};

/** One order of an internal batch: for a given buyer, with its own idempotency key. */
export interface IntakeOrder {
  userId: number;
  idempotencyKey: string;
  items: OrderLineInput[];
  receiver: NonNullable<OrderBody['receiver']>;
  deliveryNote?: string;
  cardToken: string;
}

export interface IntakeBody {
  orders: IntakeOrder[];
}

export const intakeBodySchema: JSONSchemaType<IntakeBody> = {
  type: 'object',
  properties: {
    orders: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_INTAKE_BATCH,
      items: {
        type: 'object',
        properties: {
          userId: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
          idempotencyKey: { type: 'string', pattern: '^[\\x21-\\x7e]{1,128}$' },
          items: { type: 'array', minItems: 1, maxItems: MAX_LINES, items: lineSchema },
          receiver: receiverSchema,
          deliveryNote: { type: 'string', nullable: true, maxLength: 300 },
          cardToken: text(200),
        },
        required: ['userId', 'idempotencyKey', 'items', 'receiver', 'cardToken'],
        additionalProperties: false,
      },
    },
  },
  required: ['orders'],
  additionalProperties: false,
};

/** Paying an order that awaits payment. */
export interface PaymentBody {
  cardToken: string;
  addressId?: number;
  receiver?: OrderBody['receiver'];
}

export const paymentBodySchema: JSONSchemaType<PaymentBody> = {
  type: 'object',
  properties: { cardToken: text(200), addressId, receiver: { ...receiverSchema, nullable: true } },
  required: ['cardToken'],
  additionalProperties: false,
};

export interface ShipmentBody {
  status: 'PREPARING' | 'SHIPPING' | 'DELIVERED' | 'CANCELLED';
}

export const shipmentSchema: JSONSchemaType<ShipmentBody> = {
  type: 'object',
  properties: { status: { type: 'string', enum: ['PREPARING', 'SHIPPING', 'DELIVERED', 'CANCELLED'] } },
  required: ['status'],
  additionalProperties: false,
};

/** A seller's parcel: some items of one order under one courier and tracking number. */
export interface NewShipmentBody {
  itemIds: number[];
  courier: string;
  trackingNumber: string;
}

export const newShipmentSchema: JSONSchemaType<NewShipmentBody> = {
  type: 'object',
  properties: {
    itemIds: { type: 'array', minItems: 1, maxItems: MAX_LINES, uniqueItems: true, items: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } },
    courier: text(50),
    trackingNumber: { type: 'string', pattern: '^[A-Za-z0-9-]{4,40}$' },
  },
  required: ['itemIds', 'courier', 'trackingNumber'],
  additionalProperties: false,
};

export const shipmentStatuses: readonly ShipmentStatus[] = ['PENDING', 'PREPARING', 'SHIPPING', 'DELIVERED', 'CANCELLED'];

/** The `status` query parameter of the seller's order list: one shipment status, or all when absent. */
export function shipmentStatusFilter(raw: unknown): ShipmentStatus | undefined {
  if (raw === undefined || raw === '') return undefined;
  const status = shipmentStatuses.find((s) => s === raw);
  if (!status) throw new EngineError('INVALID_INPUT', `status must be one of ${shipmentStatuses.join(', ')}`);
  return status;
}

export const validateOrderBody = ajv.compile(orderBodySchema);
export const validateIntakeBody = ajv.compile(intakeBodySchema);
export const validateShipment = ajv.compile(shipmentSchema);
export const validatePaymentBody = ajv.compile(paymentBodySchema);
export const validateNewShipment = ajv.compile(newShipmentSchema);
