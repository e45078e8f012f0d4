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
  /** the buyer already holds RESERVATION_MAX_HELD_UNITS_PER_USER units through reservations */
  HOLD_LIMIT_REACHED: 409,
  RESERVATION_NOT_HELD: 409,
  RESERVATION_EXPIRED: 409,
  /** a hold becomes sold only through a paid order (its checkout), never by a bare confirm */
  PAYMENT_REQUIRED: 409,
  SLOT_REQUIRED: 400,
  SLOT_NOT_ALLOWED: 400,
  UNKNOWN_SKU: 422,
  /** a slot the RESERVABLE SKU does not list */
  UNKNOWN_SLOT: 422,
  LOCKED: 423,
  INVENTORY_UNAVAILABLE: 503,
  /** a search query of one character (it would match most of the catalog) */
  SEARCH_TOO_SHORT: 400,
  /** minPrice above maxPrice */
  INVALID_PRICE_RANGE: 400,
  /** a file with an image's leading bytes that the image library cannot decode */
  IMAGE_UNREADABLE: 415,
} as const;
