// Error codes shared by every domain, and those of flash sales, with their HTTP status.
export const coreErrorStatus = {
  INVALID_INPUT: 400,
  MALFORMED_JSON: 400,
  IDEMPOTENCY_KEY_REQUIRED: 400,
  /** a list's `cursor` is not the `next` of a previous page (engine/platform/db/keyset-page.ts) */
  INVALID_CURSOR: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  SOLD_OUT: 409,
  LIMIT_REACHED: 409,
  NOT_OPEN: 409,
  ENDED: 409,
  VERSION_CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_MISMATCH: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SALE_UNAVAILABLE: 503,
  /** sale:rebuild on a sale whose counters exist (admissions in flight would be overwritten) without --force */
  SALE_COUNTERS_LIVE: 409,
  UNAVAILABLE: 503,
} as const;
