// Typed errors of remote calls. Retryable ones (5xx, broken connections, timeouts) may succeed on the next
// attempt; everything else (4xx, business declines, an open circuit) is final for this call.
import { EngineError } from '../errors.js';

/** The remote may answer next time: a 5xx, a refused or reset connection. */
export class RetryableError extends EngineError {
  override name = 'RetryableError';
  constructor(message: string, options?: { cause?: unknown; code?: 'REMOTE_UNAVAILABLE' | 'REMOTE_TIMEOUT' }) {
    super(options?.code ?? 'REMOTE_UNAVAILABLE', message, options);
  }
}

/** One attempt outlived its timeout; its AbortSignal was aborted with this error. */
export class RemoteTimeoutError extends RetryableError {
  override name = 'RemoteTimeoutError';
  constructor(
    readonly target: string,
    readonly timeoutMs: number,
  ) {
    super(`${target} did not answer within ${timeoutMs} ms`, { code: 'REMOTE_TIMEOUT' });
  }
}

/** The breaker of `target` is open (or its half-open trial slots are taken): the remote was not called. */
export class CircuitOpenError extends EngineError {
  override name = 'CircuitOpenError';
  constructor(
    readonly target: string,
    /** a hint for schedulers: when the breaker lets a trial call through again */
    readonly retryAfterMs: number,
  ) {
    // a client is told the same, rounded up to whole seconds (Retry-After)
    super('CIRCUIT_OPEN', `${target} is unavailable (circuit open); the call was not made`, { retryAfterSec: Math.max(1, Math.ceil(retryAfterMs / 1000)) });
  }
}

// Node's socket-level error codes that mean "try again", for callers that pass raw errors through.
const RETRYABLE_SYSTEM_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

export function isRetryable(err: unknown): boolean {
  if (err instanceof RetryableError) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE_SYSTEM_CODES.has(code);
}

export function isCircuitOpen(err: unknown): err is CircuitOpenError {
  return err instanceof CircuitOpenError;
}

export function isRemoteTimeout(err: unknown): err is RemoteTimeoutError {
  return err instanceof RemoteTimeoutError;
}
