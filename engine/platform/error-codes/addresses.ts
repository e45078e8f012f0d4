// Error codes of the address book and of the receiver an order or payment names, with their HTTP status.
export const addressesErrorStatus = {
  /** ADDRESS_BOOK_MAX_PER_USER reached: delete an address first */
  ADDRESS_BOOK_FULL: 409,
  /** an order or payment names an addressId that is not in the caller's book (someone else's looks the same) */
  ADDRESS_NOT_FOUND: 422,
  /** an order or payment gives neither addressId nor receiver */
  RECEIVER_REQUIRED: 400,
  /** an order or payment gives both addressId and receiver */
  RECEIVER_AMBIGUOUS: 400,
} as const;
