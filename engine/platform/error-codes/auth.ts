// Error codes of the auth domain, with their HTTP status.
export const authErrorStatus = {
  WEAK_PASSWORD: 400,
  UNSUPPORTED_GRANT_TYPE: 400,
  INVALID_SCOPE: 400,
  /** unknown email, wrong password and deleted account look exactly alike */
  INVALID_CREDENTIALS: 401,
  /** expired, revoked, rotated or unknown refresh token */
  INVALID_REFRESH_TOKEN: 401,
  /** a rotated refresh token came back: its whole family is now revoked (probable theft) */
  REFRESH_TOKEN_REUSED: 401,
  INVALID_CLIENT: 401,
  /** OAuth: the code or refresh token is unknown, expired, used, of another client, or its PKCE verifier is wrong */
  INVALID_GRANT: 400,
  /** a password-reset token that was never issued */
  RESET_TOKEN_INVALID: 400,
  /** a password-reset token already used, voided by a newer one, or past AUTH_PASSWORD_RESET_TTL_SEC */
  RESET_TOKEN_EXPIRED: 410,
  EMAIL_TAKEN: 409,
  TERMS_NOT_ACCEPTED: 422,
  ACCOUNT_LOCKED: 423,
  /** the auth module did not answer in time: only login/refresh/register/... are affected */
  AUTH_UNAVAILABLE: 503,
  /** the auth module's password hashing is at its bound (threads + AUTH_HASH_QUEUE_MAX): retry shortly */
  AUTH_BUSY: 503,
} as const;
