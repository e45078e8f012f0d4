// Error codes of the after-sale domain (returns, exchanges, refunds, reviews, settlement), with their HTTP status.
export const afterSaleErrorStatus = {
  /** the order item has not been delivered (returns, exchanges and reviews need DELIVERED) */
  NOT_DELIVERED: 409,
  /** the order item already has a live (not rejected) return or exchange */
  AFTER_SALE_EXISTS: 409,
  /** a return or exchange the courier picked up already (or that ended): the buyer can no longer withdraw it */
  NOT_WITHDRAWABLE: 409,
  /** a seller cancellation of an item that has shipped, or was cancelled already */
  NOT_CANCELLABLE: 409,
  /** the order has no paid payment to refund against */
  NOT_PAID: 409,
  /** the payment gateway refused or failed the refund; nothing changed, the call may be retried */
  REFUND_FAILED: 502,
  REVIEW_EXISTS: 409,
  /** an image that is not JPEG, PNG or WebP by its leading bytes */
  IMAGE_TYPE_NOT_ALLOWED: 415,
  IMAGE_TOO_LARGE: 413,
  TOO_MANY_IMAGES: 400,
  /** the edge receives REVIEW_UPLOADS_MAX_CONCURRENT uploads already; retry after Retry-After */
  UPLOADS_BUSY: 503,
} as const;
