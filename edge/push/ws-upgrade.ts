// The /ws upgrade: origin allow-list, per-IP connection limit, access token (Authorization header or
// a `bearer.<token>` subprotocol; never logged), codec by subprotocol. Refusals are JSON HTTP answers.
import type { HttpRequest, HttpResponse, us_socket_context_t } from 'uWebSockets.js';
import { bearerToken, type AccessTokenVerifier } from '../../engine/auth/access-token-verifier.js';
import type { Principal } from '../../engine/auth/principal.js';
import { EngineError, errorBody, errorStatus, type ErrorCode } from '../../engine/platform/errors.js';
import type { PushConfig } from '../../engine/push/push-config.js';
import { wsUpgradesRefused } from '../../engine/push/push-metrics.js';
import { BEARER_SUBPROTOCOL_PREFIX, JSON_SUBPROTOCOL, MSGPACK_SUBPROTOCOL, type Codec } from '../../engine/push/push-types.js';
import { sendJson, type RequestState } from '../http/uws-io.js';
import { REQUEST_ID_HEADER, requestIdOf } from '../http/request-id.js';
import { DEFAULT_RETRY_AFTER_SEC } from '../http/http-errors.js';
import type { ConnectionData } from './connection.js';
import type { IpConnectionLimiter } from './ip-connection-limiter.js';

export interface UpgradeDeps {
  push: PushConfig;
  verifier: AccessTokenVerifier;
  ipLimiter: IpConnectionLimiter;
}

interface Offer {
  codec: Codec;
  /** the subprotocol echoed back: the codec the client offered, or none */
  protocol: string;
  token: string | undefined;
}

/** Reads the Sec-WebSocket-Protocol list: a codec and possibly the token. */
export function readOffer(protocols: string, authorization: string): Offer {
  const offered = protocols.split(',').map((p) => p.trim());
  const codec: Codec = offered.includes(MSGPACK_SUBPROTOCOL) ? 'msgpack' : 'json';
  const protocol = codec === 'msgpack' ? MSGPACK_SUBPROTOCOL : offered.includes(JSON_SUBPROTOCOL) ? JSON_SUBPROTOCOL : '';
  const fromProtocol = offered.find((p) => p.startsWith(BEARER_SUBPROTOCOL_PREFIX))?.slice(BEARER_SUBPROTOCOL_PREFIX.length);
  return { codec, protocol, token: bearerToken(authorization) ?? (fromProtocol || undefined) };
}

function originAllowed(push: PushConfig, origin: string): boolean {
  // browsers always send Origin; a request without one is not a browser page and cannot be a CSWSH
  return origin === '' || push.allowAnyOrigin || push.allowedOrigins.has(origin);
}

export function upgradeHandler(deps: UpgradeDeps) {
  const { push, verifier, ipLimiter } = deps;
  return (res: HttpResponse, req: HttpRequest, context: us_socket_context_t): void => {
    // uWS frees req when this function returns: copy every header now
    const key = req.getHeader('sec-websocket-key');
    const extensions = req.getHeader('sec-websocket-extensions');
    const origin = req.getHeader('origin');
    const offer = readOffer(req.getHeader('sec-websocket-protocol'), req.getHeader('authorization'));
    const ip = Buffer.from(res.getRemoteAddressAsText()).toString();
    const requestId = requestIdOf(req.getHeader(REQUEST_ID_HEADER));
    const state: RequestState = { aborted: false };
    let holdsSlot = false;
    const giveBackSlot = () => {
      if (holdsSlot) ipLimiter.release(ip);
      holdsSlot = false;
    };
    res.onAborted(() => {
      state.aborted = true;
      giveBackSlot();
    });

    const refuse = (code: ErrorCode, message: string) => {
      giveBackSlot();
      wsUpgradesRefused.labels(code).inc();
      const status = errorStatus[code];
      const headers: Record<string, string> = { [REQUEST_ID_HEADER]: requestId };
      if (status === 429 || status === 503) headers['retry-after'] = String(DEFAULT_RETRY_AFTER_SEC);
      sendJson(res, state, status, errorBody(code, message, requestId), headers);
    };
    const accept = (principal: Principal) => {
      if (state.aborted) return; // onAborted gave the slot back
      state.aborted = true;
      holdsSlot = false; // the connection holds it now; its close handler gives it back
      const data: ConnectionData = {
        userId: principal.userId,
        sessionId: principal.sessionId,
        roles: principal.roles,
        expiresAt: principal.expiresAt,
        codec: offer.codec,
        ip,
        topics: new Set(),
        closed: false,
        windowStartMs: 0,
        messagesInWindow: 0,
      };
      // not inside res.cork(): on uWS 20.57 the open handler's first message (hello) sent from an
      // upgrade corked by the caller was now and then never written (the push tests lost it 4 runs in 8)
      res.upgrade(data, key, offer.protocol, extensions, context);
    };

    if (!originAllowed(push, origin)) return refuse('ORIGIN_NOT_ALLOWED', 'origin not allowed');
    if (!ipLimiter.tryAcquire(ip)) return refuse('TOO_MANY_CONNECTIONS', 'too many connections from this address');
    holdsSlot = true;
    if (!offer.token) return refuse('UNAUTHENTICATED', 'an access token is required');
    const cached = verifier.verifyCached(offer.token);
    if (cached) return accept(cached);
    verifier.verify(offer.token).then(accept, (err: unknown) => {
      refuse('UNAUTHENTICATED', err instanceof EngineError ? err.message : 'invalid token');
    });
  };
}
