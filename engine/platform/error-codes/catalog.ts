// Error codes of the catalog and reservation domains, with their HTTP status.
export const catalogErrorStatus = {
  SELLER_REQUIRED: 403,
  CATEGORY_NOT_EMPTY: 409,
  ILLEGAL_TRANSITION: 409,
  ITEM_IN_USE: 409,
  STOCK_BELOW_COMMITTED: 409,
  /** the buyer's wishlist holds WISHLIST_MAX_ITEMS items already */
  WISHLIST_FULL: 409,
  INSUFFICIENT_STOCK: 409,
  RESERVATION_NOT_HELD: 409,
  RESERVATION_EXPIRED: 409,
  SLOT_REQUIRED: 400,
  SLOT_NOT_ALLOWED: 400,
  UNKNOWN_SKU: 422,
  LOCKED: 423,
  INVENTORY_UNAVAILABLE: 503,
} as const;
