// Typed errors with stable codes. The edge turns them into `{ "error": { "code", "message" } }` with the status below.

/** Every code the engine can return, with its HTTP status. Clients branch on the code, never on the message. */
export const errorStatus = {
  INVALID_INPUT: 400,
  MALFORMED_JSON: 400,
  IDEMPOTENCY_KEY_REQUIRED: 400,
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
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class EngineError extends Error {
  override name = 'EngineError';
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
  get status(): number {
    return errorStatus[this.code];
  }
}

/** A version-checked write found another writer first. */
export class VersionConflictError extends EngineError {
  override name = 'VersionConflictError';
  constructor(entity: string, id: string | number, options?: { cause?: unknown }) {
    super('VERSION_CONFLICT', `${entity} ${id} was changed by another writer`, options);
  }
}

export function isEngineError(err: unknown): err is EngineError {
  return err instanceof EngineError;
}

export function isVersionConflict(err: unknown): err is VersionConflictError {
  return err instanceof VersionConflictError;
}

/** The JSON body of an error answer. */
export function errorBody(code: ErrorCode, message: string): string {
  return JSON.stringify({ error: { code, message } });
}
