// Redis errors by meaning. ioredis 5 raises these as plain Errors without a code: their messages (and
// one class name) are the only mark they carry.

const unavailableMessages = new Set([
  'Command timed out', // commandTimeout: no answer in time
  "Stream isn't writeable and enableOfflineQueue options is false", // not connected (now): no queue to wait in
  'Connection is closed.',
]);

/** Redis did not answer in time or is not connected: worth a 503 the client may retry. */
export function isRedisUnavailable(err: unknown): boolean {
  return err instanceof Error && (unavailableMessages.has(err.message) || err.name === 'MaxRetriesPerRequestError');
}
