// Error codes of the payment domain and of remote calls (engine/resilience), with their HTTP status.
export const paymentErrorStatus = {
  /** the card issuer or the gateway declined the payment: a business answer, never retried */
  PAYMENT_DECLINED: 402,
  PAYMENT_NOT_FOUND: 404,
  /** a card number whose check digit is wrong, or an expiry that has passed: refused before the gateway is asked */
  CARD_INVALID: 422,
  /** the gateway or the card issuer refused to register the card (details that do not match, a blocked card) */
  CARD_REJECTED: 422,
  /** the user holds PAYMENT_METHODS_MAX_PER_USER payment methods already */
  PAYMENT_METHOD_LIMIT: 409,
  /** the cancel asks for more than remains, or the payment was never paid */
  PAYMENT_NOT_CANCELLABLE: 409,
  /** the gateway refused our request itself (bad credentials, a malformed field): our fault, not retried */
  PAYMENT_GATEWAY_REJECTED: 502,
  /** a remote answered 5xx or the connection failed: retryable */
  REMOTE_UNAVAILABLE: 503,
  /** the circuit breaker of a remote target is open: failed fast without calling it */
  CIRCUIT_OPEN: 503,
  /** a remote did not answer within the per-attempt timeout: retryable */
  REMOTE_TIMEOUT: 504,
} as const;
