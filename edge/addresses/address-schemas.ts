// Request schemas of the address-book routes (ajv; unknown fields rejected). The name, phone and address
// fields are an order receiver's, so an address always makes a valid receiver.
import { Ajv, type JSONSchemaType } from 'ajv';
import type { AddressChanges, NewAddress } from '../../engine/addresses/address-book.js';
import { receiverSchema } from '../orders/order-schemas.js';

const ajv = new Ajv({ allErrors: false, strict: true });

const { name, phone, address } = receiverSchema.properties;
const label = { type: 'string', maxLength: 30, description: 'what the buyer calls it ("home", "office"); may be empty' } as const;

export const newAddressSchema: JSONSchemaType<NewAddress> = {
  type: 'object',
  properties: {
    label: { ...label, nullable: true },
    name,
    phone,
    address,
    isDefault: { type: 'boolean', nullable: true, description: 'make it the default now (the first address always is)' },
  },
  required: ['name', 'phone', 'address'],
  additionalProperties: false,
};

export const addressChangesSchema: JSONSchemaType<AddressChanges> = {
  type: 'object',
  properties: {
    label: { ...label, nullable: true },
    name: { ...name, nullable: true },
    phone: { ...phone, nullable: true },
    address: { ...address, nullable: true },
    isDefault: { type: 'boolean', enum: [true], nullable: true, description: 'make it the default (the old default stops being it); never false' },
    version: { type: 'integer', minimum: 1, maximum: 2_147_483_647, nullable: true, description: 'apply only to this version (409 VERSION_CONFLICT otherwise)' },
  },
  required: [],
  minProperties: 1,
  additionalProperties: false,
};

export const validateNewAddress = ajv.compile(newAddressSchema);
export const validateAddressChanges = ajv.compile(addressChangesSchema);
