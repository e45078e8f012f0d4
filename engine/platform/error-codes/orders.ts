// Error codes of the orders and cart domains, with their HTTP status.
export const ordersErrorStatus = {
  CART_EMPTY: 422,
  QUANTITY_OVER_LIMIT: 422,
  TOO_MANY_LINES: 422,
  ITEM_NOT_ON_SALE: 409,
  ORDER_NOT_CANCELLABLE: 409,
  /** the order does not await a payment (already paid, cancelled, or paid at intake) */
  ORDER_NOT_PAYABLE: 409,
  /** payBy has passed: the order expired, or is about to */
  PAYMENT_WINDOW_CLOSED: 409,
  /** a payment of the order is being charged; its result is pushed, and a declined one can be retried */
  PAYMENT_IN_PROGRESS: 409,
  /** the reservation already has its checkout order (another Idempotency-Key) */
  RESERVATION_CHECKED_OUT: 409,
  ILLEGAL_SHIPMENT_TRANSITION: 409,
  /** the order is not final yet (being paid, shipped or compensated): it cannot leave the buyer's list */
  ORDER_IN_PROGRESS: 409,
  /** only a DELIVERED item's receipt can be confirmed */
  RECEIPT_NOT_CONFIRMABLE: 409,
  CART_TOKEN_REQUIRED: 400,
  /** the order would take the buyer past the item's maxPerBuyer, counting their earlier non-cancelled orders */
  MAX_PER_BUYER_EXCEEDED: 409,
} as const;
