// The REST side of the error contract: typed errors become `{ "error": { "code", "message", "requestId" } }`
// with their documented status; a backing service that is down is a 503 UNAVAILABLE; anything else is a logged 500.
// Every 429 and 503 carries Retry-After: the refusal's own end when the engine knows it, else one second.
import type HyperExpress from 'hyper-express';
import { EngineError, errorBody, errorStatus, isBackingServiceDown, type ErrorCode } from '../../engine/platform/errors.js';
import { log } from '../../engine/platform/log.js';
import { httpDuration, httpRequests } from '../../engine/platform/metrics.js';
import { logRequest } from './request-log.js';
import { requestIdOfAnswer } from './http-conventions.js';

/** Retry-After of a 429 or 503 whose refusal does not say when it ends: the edge's limit windows are one second. */
export const DEFAULT_RETRY_AFTER_SEC = 1;

/**
 * Sets Retry-After when a refusal says when it ends (a lockout's 423 too), and on every 429 and 503
 * (one second when it does not). The seconds go to res.locals for sendError.
 */
export function setRetryAfter(res: HyperExpress.Response, code: ErrorCode, seconds?: number): void {
  const status = errorStatus[code];
  const known = seconds ?? (res.locals.retryAfterSec as number | undefined);
  if (known === undefined && status !== 429 && status !== 503) return;
  const value = known ?? DEFAULT_RETRY_AFTER_SEC;
  res.locals.retryAfterSec = value;
  res.header('retry-after', String(value), true);
}

export type Handler = (req: HyperExpress.Request, res: HyperExpress.Response) => Promise<void>;

/** The error answer; `closeConnection` closes the connection after it (uWS writes Connection: close). */
export function sendError(res: HyperExpress.Response, code: ErrorCode, message: string, closeConnection = false): void {
  setRetryAfter(res, code);
  res.status(errorStatus[code]).type('json').send(errorBody(code, message, requestIdOfAnswer(res)), closeConnection);
}

/** The Content-Length a request declares; a chunked or malformed one counts as unbounded. */
export function declaredBodyBytes(req: HyperExpress.Request): number {
  const raw = req.headers['content-length'];
  return raw !== undefined && /^\d{1,15}$/.test(raw) ? Number(raw) : Number.POSITIVE_INFINITY;
}

export type ErrorAnswer = (res: HyperExpress.Response, code: ErrorCode, message: string, req: HyperExpress.Request) => void;

/**
 * Wraps a handler: typed errors become their documented answer (`{ error: { code, message } }`, or the
 * route's own format: OAuth endpoints answer as RFC 6749 says); counts the request by route and status.
 */
export function route(name: string, handler: Handler, answerError: ErrorAnswer = (res, code, message) => sendError(res, code, message)): Handler {
  const duration = httpDuration.labels(name);
  return async (req, res) => {
    const started = performance.now();
    try {
      await handler(req, res);
    } catch (err) {
      if (err instanceof EngineError) {
        setRetryAfter(res, err.code, err.retryAfterSec);
        answerError(res, err.code, err.message, req);
      } else if (isBackingServiceDown(err)) {
        log('warn', 'request failed: a backing service is down', { route: name, err });
        setRetryAfter(res, 'UNAVAILABLE');
        answerError(res, 'UNAVAILABLE', 'a backing service is unavailable, retry later', req);
      } else {
        log('error', 'request failed', { route: name, err });
        answerError(res, 'INTERNAL', 'internal error', req);
      }
    }
    const status = res.statusCode ?? 200;
    const seconds = (performance.now() - started) / 1000;
    httpRequests.labels(name, String(status)).inc();
    duration.observe(seconds);
    logRequest(name, status, seconds, requestIdOfAnswer(res));
  };
}

/** The body as text; a chunked body (no content-length) is checked after reading. */
export async function bodyText(req: HyperExpress.Request, limit: number): Promise<string> {
  // hyper-express 6.8 on uWS 20.30, bodies over its 16 KiB stream buffer: text() called in the same tick
  // the handler started never ends, and the uWS socket stays paused after the last chunk, so the next
  // request on that keep-alive connection would hang. Read one macrotask later, then resume the socket.
  await new Promise((resolve) => setImmediate(resolve));
  const text = await req.text();
  req.resume();
  if (Buffer.byteLength(text) > limit) throw new EngineError('PAYLOAD_TOO_LARGE', `body over ${limit} bytes`);
  return text;
}

/** A path id that must be a positive integer; anything else is simply not found. */
export function positiveId(text: string | undefined): number {
  const id = Number(text);
  if (!Number.isSafeInteger(id) || id < 1) throw new EngineError('NOT_FOUND', 'not found');
  return id;
}
