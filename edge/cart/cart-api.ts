// Documentation of the cart routes (edge/cart/cart-routes.ts).
import { cartAddSchema, cartQuantitySchema } from './cart-schemas.js';
import type { JsonSchema, RouteDoc } from '../openapi/route-doc.js';

const cartToken = { name: 'X-Cart-Token', required: false, schema: { type: 'string' }, description: 'the guest cart token (omit when signed in); answered back in X-Cart-Token' };
const cartSchema: JsonSchema = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: { itemId: { type: 'integer', description: 'the SKU id' }, sku: { type: 'integer' }, name: { type: 'string' }, unitPrice: { type: 'integer' }, quantity: { type: 'integer' } },
        required: ['itemId', 'sku', 'name', 'unitPrice', 'quantity'],
      },
    },
    total: { type: 'integer' },
  },
  required: ['items', 'total'],
};
const cartAnswer = {
  200: { description: 'the cart', schema: cartSchema, headers: { 'X-Cart-Token': { description: 'the guest cart token (a guest\'s first add creates it)', schema: { type: 'string' } } } },
};

export const cartApi: RouteDoc[] = [
  {
    method: 'get', path: '/api/v1/cart', operationId: 'getCart', tag: 'cart', auth: 'optional: a member, or a guest with X-Cart-Token',
    summary: 'The cart with current catalog prices', headers: [cartToken], responses: cartAnswer, errors: ['UNAUTHENTICATED', 'INVALID_INPUT'],
  },
  {
    method: 'delete', path: '/api/v1/cart', operationId: 'clearCart', tag: 'cart', auth: 'optional: a member, or a guest with X-Cart-Token',
    summary: 'Empties the cart', headers: [cartToken], responses: cartAnswer, errors: ['UNAUTHENTICATED', 'INVALID_INPUT'],
  },
  {
    method: 'post', path: '/api/v1/cart/items', operationId: 'addCartItem', tag: 'cart', auth: 'optional: a member, or a guest (a new cart token is made when none is sent)',
    summary: 'Adds units of a SKU (to those already in the cart)', headers: [cartToken], body: cartAddSchema, responses: cartAnswer,
    errors: ['UNAUTHENTICATED', 'MALFORMED_JSON', 'INVALID_INPUT', 'PAYLOAD_TOO_LARGE', 'UNKNOWN_SKU', 'QUANTITY_OVER_LIMIT'],
  },
  {
    method: 'patch', path: '/api/v1/cart/items/{itemId}', operationId: 'setCartItem', tag: 'cart', auth: 'optional: a member, or a guest with X-Cart-Token',
    summary: 'Sets the quantity of a cart line (itemId is the SKU id)', headers: [cartToken], body: cartQuantitySchema, responses: cartAnswer,
    errors: ['UNAUTHENTICATED', 'MALFORMED_JSON', 'INVALID_INPUT', 'PAYLOAD_TOO_LARGE', 'NOT_FOUND', 'QUANTITY_OVER_LIMIT'],
  },
  {
    method: 'delete', path: '/api/v1/cart/items/{itemId}', operationId: 'removeCartItem', tag: 'cart', auth: 'optional: a member, or a guest with X-Cart-Token',
    summary: 'Removes a cart line', headers: [cartToken], responses: cartAnswer, errors: ['UNAUTHENTICATED', 'INVALID_INPUT', 'NOT_FOUND'],
  },
  {
    method: 'post', path: '/api/v1/cart/merge', operationId: 'mergeCart', tag: 'cart', auth: 'signed in',
    summary: 'Moves the guest cart named by X-Cart-Token into the member\'s cart (quantities add, capped per SKU); the guest cart is deleted',
    headers: [{ ...cartToken, required: true }], responses: cartAnswer, errors: ['UNAUTHENTICATED', 'CART_TOKEN_REQUIRED', 'INVALID_INPUT'],
  },
];
