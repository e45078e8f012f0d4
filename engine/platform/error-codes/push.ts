// Error codes of the push domain (WebSocket upgrade and counselling chat), with their HTTP status.
export const pushErrorStatus = {
  ORIGIN_NOT_ALLOWED: 403,
  TOO_MANY_CONNECTIONS: 429,
} as const;
