// What the edge keeps per WebSocket connection (uWS user data), and the one way to write to it.
import type { WebSocket } from 'uWebSockets.js';
import type { Role } from '../../engine/auth/roles.js';
import type { Codec, ServerFrame } from '../../engine/push/push-types.js';
import { encodeFrame } from './ws-codec.js';

export interface ConnectionData {
  userId: number;
  /** the login session of the token (`sid`): its revocation closes the connection */
  sessionId?: string;
  roles: readonly Role[];
  /** token expiry, epoch seconds: the connection is closed then (the client reconnects with a fresh token) */
  expiresAt: number;
  codec: Codec;
  ip: string;
  topics: Set<string>;
  /** set in the close handler: async work that finishes later must not touch the socket */
  closed: boolean;
  /** why the edge closed it, for the metric; undefined when the client or the network did */
  closeReason?: string;
  /** fixed one-second window of the message rate limit */
  windowStartMs: number;
  messagesInWindow: number;
}

export type Connection = WebSocket<ConnectionData>;

/** uWS send statuses: 1 sent, 0 queued (backpressure), 2 dropped because the backlog is past maxBackpressure. */
export const SEND_DROPPED = 2;

/** Sends one frame; returns false when the client is past its backlog limit (the caller drops it). */
export function sendFrame(ws: Connection, frame: ServerFrame): boolean {
  const data = ws.getUserData();
  if (data.closed) return true;
  const { data: bytes, binary } = encodeFrame(data.codec, frame);
  let status = 1;
  ws.cork(() => (status = ws.send(bytes, binary)));
  return status !== SEND_DROPPED;
}

/** Closes with a code and a short reason the client can read, remembering why for the metric. */
export function closeConnection(ws: Connection, code: number, reason: string, metricReason: string): void {
  const data = ws.getUserData();
  if (data.closed) return;
  data.closeReason = metricReason;
  ws.end(code, reason);
}
