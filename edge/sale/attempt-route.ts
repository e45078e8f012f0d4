// POST /api/v1/sales/:id/attempts on raw uWS: the flash-sale hot path.
// IP rate limit -> auth (cached) -> Idempotency-Key -> body -> rate limit -> engine/sale/attempt.ts -> 202/409.
import type { Span } from '@opentelemetry/api';
import type { HttpResponse, TemplatedApp } from 'uWebSockets.js';
import type { AccessTokenVerifier } from '../../engine/auth/access-token-verifier.js';
import type { EngineConfig } from '../../engine/platform/config.js';
import { EngineError, errorBody, errorStatus, isBackingServiceDown, type ErrorCode } from '../../engine/platform/errors.js';
import { log } from '../../engine/platform/log.js';
import { httpDuration, httpRequests, memoChildren } from '../../engine/platform/metrics.js';
import { attemptPurchase, type SaleAttemptDeps } from '../../engine/sale/attempt.js';
import { publicTicket } from '../../engine/sale/ticket-id.js';
import { startServerSpan, tracingOn } from '../../engine/platform/tracing.js';
import { authenticate } from '../http/authenticate.js';
import { isValidIdempotencyKey, parseBody, validateAttemptBody } from '../http/schemas.js';
import type { FixedWindowLimiter } from '../http/fixed-window-limiter.js';
import { logRequest } from '../http/request-log.js';
import { readBodyText, sendJson, type RequestState } from '../http/uws-io.js';

export const ATTEMPT_ROUTE = '/api/v1/sales/:id/attempts';
const SPAN_NAME = `POST ${ATTEMPT_ROUTE}`;

/** One request in flight. */
interface Exchange {
  res: HttpResponse;
  state: RequestState;
  started: number;
  span?: Span;
}

export interface AttemptDeps {
  config: EngineConfig;
  verifier: AccessTokenVerifier;
  sale: SaleAttemptDeps;
  /** per user id */
  rateLimiter: FixedWindowLimiter<number>;
  /** per client IP, shared with the REST routes */
  ipLimiter: FixedWindowLimiter<string>;
}

const refusalMessages: Partial<Record<ErrorCode, string>> = {
  SOLD_OUT: 'the sale is sold out',
  LIMIT_REACHED: 'the per-user limit of this sale is reached',
  NOT_OPEN: 'the sale has not started yet',
  ENDED: 'the sale has ended',
  SALE_UNAVAILABLE: 'admission is paused until the sale counters are rebuilt',
  IDEMPOTENCY_MISMATCH: 'this Idempotency-Key was used with a different body',
};

/** Refusal bodies never change: build each once. */
const refusalBodies = new Map<ErrorCode, string>();
function refusalBody(code: ErrorCode): string {
  let body = refusalBodies.get(code);
  if (!body) refusalBodies.set(code, (body = errorBody(code, refusalMessages[code] ?? code)));
  return body;
}

const durations = httpDuration.labels('attempt');
const requestsByStatus = memoChildren((status: number) => httpRequests.labels('attempt', String(status)));

export function registerAttemptRoute(app: TemplatedApp, deps: AttemptDeps): void {
  const { config, verifier, sale, rateLimiter, ipLimiter } = deps;

  /** Writes the answer once, then records metrics, the request log line and the span. */
  const answer = (ex: Exchange, status: number, body: string) => {
    sendJson(ex.res, ex.state, status, body);
    const seconds = (performance.now() - ex.started) / 1000;
    requestsByStatus(status).inc();
    durations.observe(seconds);
    logRequest(ATTEMPT_ROUTE, status, seconds, ex.span);
    if (ex.span) {
      ex.span.setAttribute('http.response.status_code', status);
      ex.span.end();
    }
  };

  app.post(ATTEMPT_ROUTE, (res, req) => {
    const ex: Exchange = { res, state: { aborted: false }, started: performance.now() };
    res.onAborted(() => (ex.state.aborted = true));
    // uWS frees req when this function returns: copy what we need now
    const saleId = Number(req.getParameter(0));
    const authorization = req.getHeader('authorization');
    const idempotencyKey = req.getHeader('idempotency-key');
    // counted on arrival, answered after the body is read so the keep-alive connection stays usable
    const ipAllowed = !ipLimiter.enabled || ipLimiter.allow(Buffer.from(res.getRemoteAddressAsText()).toString());
    if (tracingOn()) ex.span = startServerSpan(SPAN_NAME, req.getHeader('traceparent') || undefined);
    const fail = (err: unknown) => {
      if (isBackingServiceDown(err)) log('warn', 'attempt failed: a backing service is down', { err });
      else if (!(err instanceof EngineError)) log('error', 'attempt failed', { err });
      const code: ErrorCode = err instanceof EngineError ? err.code : 'UNAVAILABLE';
      const message = err instanceof EngineError ? err.message : 'a backing service is unavailable';
      answer(ex, errorStatus[code], errorBody(code, message));
    };
    readBodyText(
      res,
      config.http.maxBodyBytes,
      (text) => {
        handle(text).catch(fail);
      },
      () => fail(new EngineError('PAYLOAD_TOO_LARGE', `body over ${config.http.maxBodyBytes} bytes`)),
    );

    async function handle(text: string): Promise<void> {
      if (!ipAllowed) throw new EngineError('RATE_LIMITED', 'too many requests from this address, slow down');
      const principal = await authenticate(verifier, authorization, 'buyer');
      if (!isValidIdempotencyKey(idempotencyKey)) {
        throw new EngineError('IDEMPOTENCY_KEY_REQUIRED', 'Idempotency-Key header of 1-128 visible ASCII characters is required');
      }
      const { quantity } = parseBody(text, validateAttemptBody);
      if (!Number.isSafeInteger(saleId) || saleId < 1) throw new EngineError('NOT_FOUND', 'sale not found');
      if (!rateLimiter.allow(principal.userId)) throw new EngineError('RATE_LIMITED', 'too many attempts, slow down');
      const result = await attemptPurchase(sale, saleId, principal.userId, quantity, idempotencyKey, ex.span);
      if (result.outcome === 'ADMITTED') answer(ex, 202, `{"ticket":"${publicTicket(saleId, result.ticketId)}","status":"ADMITTED"}`);
      else answer(ex, errorStatus[result.code], refusalBody(result.code));
    }
  });
}
