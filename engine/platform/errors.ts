// Typed errors with stable codes. The edge turns them into `{ "error": { "code", "message", "requestId" } }` with the status below.

import { authErrorStatus } from './error-codes/auth.js';
import { catalogErrorStatus } from './error-codes/catalog.js';
import { coreErrorStatus } from './error-codes/core.js';
import { pushErrorStatus } from './error-codes/push.js';
import { paymentErrorStatus } from './error-codes/payment.js';
import { ordersErrorStatus } from './error-codes/orders.js';
import { afterSaleErrorStatus } from './error-codes/after-sale.js';
import { addressesErrorStatus } from './error-codes/addresses.js';
import { adminErrorStatus } from './error-codes/admin.js';
import { isConnectionLost, isServerTimeout } from './db/pg-errors.js';
import { isRedisUnavailable } from './redis/redis-errors.js';

/** Every code the engine can return, with its HTTP status. Clients branch on the code, never on the message. */
export const errorStatus = {
  ...coreErrorStatus,
  ...authErrorStatus,
  ...catalogErrorStatus,
  ...pushErrorStatus,
  ...paymentErrorStatus,
  ...ordersErrorStatus,
  ...afterSaleErrorStatus,
  ...addressesErrorStatus,
  ...adminErrorStatus,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class EngineError extends Error {
  override name = 'EngineError';
  readonly code: ErrorCode;
  /** when a refusal ends (a throttle's window, a lockout): the edge sends it as Retry-After */
  readonly retryAfterSec?: number;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; retryAfterSec?: number }) {
    super(message, options);
    this.code = code;
    if (options?.retryAfterSec !== undefined) this.retryAfterSec = options.retryAfterSec;
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

/** Socket errors of a server that is down or restarting (Node's codes, as pg, ioredis and nats.js pass them on). */
const connectionErrorCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);

/**
 * A backing service is down, restarting or not answering in time, as opposed to a bug: a refused or
 * dropped connection, a Postgres server that is unreachable, shutting down, starting or past a timeout,
 * a Redis that is not connected or did not answer in time. Worth a 503 the client may retry, not a 500.
 */
export function isBackingServiceDown(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && connectionErrorCodes.has(code)) return true;
  return isConnectionLost(err) || isServerTimeout(err) || isRedisUnavailable(err);
}

/** The JSON body of an error answer; `requestId` is the answer's X-Request-Id (edge/http/request-id.ts). */
export function errorBody(code: ErrorCode, message: string, requestId?: string): string {
  return JSON.stringify({ error: { code, message, requestId } });
}
