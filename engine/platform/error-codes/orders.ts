// Error codes of the orders and cart domains, with their HTTP status.
export const ordersErrorStatus = {
  CART_EMPTY: 422,
  QUANTITY_OVER_LIMIT: 422,
  TOO_MANY_LINES: 422,
  ITEM_NOT_ON_SALE: 409,
  ORDER_NOT_CANCELLABLE: 409,
  ILLEGAL_SHIPMENT_TRANSITION: 409,
  CART_TOKEN_REQUIRED: 400,
} as const;
