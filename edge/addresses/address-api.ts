// Documentation of the address-book routes (edge/addresses/address-routes.ts).
import type { JsonSchema, RouteDoc } from '../openapi/route-doc.js';
import { addressChangesSchema, newAddressSchema } from './address-schemas.js';

const addressSchema: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    label: { type: 'string' },
    name: { type: 'string' },
    phone: { type: 'string' },
    address: { type: 'string' },
    isDefault: { type: 'boolean', description: 'exactly one address of a non-empty book is the default' },
    version: { type: 'integer' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'label', 'name', 'phone', 'address', 'isDefault', 'version', 'createdAt', 'updatedAt'],
};

const buyer: RouteDoc['errors'] = ['UNAUTHENTICATED', 'FORBIDDEN'];
const bodyErrors: RouteDoc['errors'] = ['MALFORMED_JSON', 'INVALID_INPUT', 'PAYLOAD_TOO_LARGE'];

export const addressApi: RouteDoc[] = [
  {
    method: 'get', path: '/api/v1/addresses', operationId: 'listAddresses', tag: 'addresses', auth: 'order:create',
    summary: 'The caller\'s address book: the default first, then the newest',
    responses: { 200: { description: 'the addresses', schema: { type: 'object', properties: { items: { type: 'array', items: addressSchema } }, required: ['items'] } } },
    errors: buyer,
  },
  {
    method: 'post', path: '/api/v1/addresses', operationId: 'addAddress', tag: 'addresses', auth: 'order:create',
    summary: 'Adds an address; the first one, or one sent with isDefault: true, becomes the default (the old default stops being it). '
      + 'At most ADDRESS_BOOK_MAX_PER_USER (20), then 409 ADDRESS_BOOK_FULL',
    body: newAddressSchema, responses: { 201: { description: 'added', schema: addressSchema } },
    errors: [...buyer, ...bodyErrors, 'ADDRESS_BOOK_FULL'],
  },
  {
    method: 'patch', path: '/api/v1/addresses/{id}', operationId: 'changeAddress', tag: 'addresses', auth: 'order:create; the owner',
    summary: 'Changes an address, or makes it the default (isDefault: true; the old default stops being it in the same transaction). '
      + 'Orders placed with it keep the copy they took. Someone else\'s address answers 404',
    body: addressChangesSchema, responses: { 200: { description: 'changed', schema: addressSchema } },
    errors: [...buyer, ...bodyErrors, 'NOT_FOUND', 'VERSION_CONFLICT'],
  },
  {
    method: 'delete', path: '/api/v1/addresses/{id}', operationId: 'deleteAddress', tag: 'addresses', auth: 'order:create; the owner',
    summary: 'Deletes an address; deleting the default makes the newest remaining address the default. Someone else\'s answers 404',
    responses: { 204: { description: 'deleted' } }, errors: [...buyer, 'NOT_FOUND'],
  },
];
