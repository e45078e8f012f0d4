// The /ws endpoint of the edge: authenticated WebSocket connections, each automatically on its
// `user.<id>` topic, fed from NATS by the topic hub. Registered in edge/features.ts.
import uWS from 'uWebSockets.js';
import { wsClosed, wsConnections, wsSlowConsumersDropped } from '../../engine/push/push-metrics.js';
import { userTopic } from '../../engine/push/push-topics.js';
import { CloseCode, type ServerFrame } from '../../engine/push/push-types.js';
import type { EdgeContext } from '../edge-context.js';
import { clientMessageHandler } from './client-messages.js';
import { closeConnection, sendFrame, type Connection, type ConnectionData } from './connection.js';
import { ConnectionIndex } from './connection-index.js';
import { IpConnectionLimiter } from './ip-connection-limiter.js';
import { TopicHub } from './topic-hub.js';
import { upgradeHandler } from './ws-upgrade.js';

export const WS_ROUTE = '/ws';

/** uWS reports its own payload-limit close with this text. */
const TOO_BIG_TEXT = 'Received too big message';

function closeReasonOf(data: ConnectionData, code: number, message: ArrayBuffer): string {
  if (data.closeReason) return data.closeReason;
  if (Buffer.from(message).toString() === TOO_BIG_TEXT) return 'too_big';
  return code === 1006 ? 'abrupt' : 'client';
}

export function wsPush(ctx: EdgeContext): void {
  const { config, nc, db, verifier } = ctx;
  const push = config.push;
  const connections = new ConnectionIndex();
  const ipLimiter = new IpConnectionLimiter(push.maxConnectionsPerIp);

  const dropSlowConsumer = (ws: Connection) => {
    wsSlowConsumersDropped.inc();
    ws.getUserData().closeReason = 'slow_consumer';
    ws.close(); // no close frame: its backlog is full, it could not be read anyway
  };
  const reply = (ws: Connection, frame: ServerFrame) => {
    if (!sendFrame(ws, frame)) dropSlowConsumer(ws);
  };
  const hub = new TopicHub(nc, config.namespace, dropSlowConsumer);
  const onMessage = clientMessageHandler({ push, hub, db, nc, namespace: config.namespace, reply });

  ctx.server.uws_instance.ws<ConnectionData>(WS_ROUTE, {
    compression: uWS.DISABLED,
    maxPayloadLength: push.maxPayloadBytes,
    idleTimeout: push.idleTimeoutSec,
    sendPingsAutomatically: true,
    maxBackpressure: push.maxBackpressureBytes,
    closeOnBackpressureLimit: false, // off: we drop (and count) slow consumers ourselves, see topic-hub.ts
    upgrade: upgradeHandler({ push, verifier, ipLimiter }),
    open: (ws) => {
      connections.add(ws);
      wsConnections.inc();
      const data = ws.getUserData();
      hub.join(ws, userTopic(data.userId));
      hub.settled().then(
        () => reply(ws, { type: 'hello', userId: data.userId, topics: [...data.topics] }),
        () => closeConnection(ws, 1011, 'push unavailable', 'nats_unavailable'),
      );
    },
    message: onMessage,
    close: (ws, code, message) => {
      const data = ws.getUserData();
      data.closed = true;
      connections.delete(ws);
      hub.leaveAll(ws);
      ipLimiter.release(data.ip);
      wsConnections.dec();
      wsClosed.labels(closeReasonOf(data, code, message)).inc();
    },
  });

  // a connection lives no longer than its token: the client reconnects with a fresh one
  const tokenCheck = setInterval(() => {
    const nowSec = Date.now() / 1000;
    for (const ws of connections) {
      if (ws.getUserData().expiresAt <= nowSec) closeConnection(ws, CloseCode.TOKEN_EXPIRED, 'token expired', 'token_expired');
    }
  }, push.tokenCheckIntervalMs);
  tokenCheck.unref();

  // a connection lives no longer than its session either: logout, a newer login, theft, account deletion
  const stopRevocations = verifier.onRevoked((revoked) => {
    const ended = 'sessionId' in revoked ? connections.ofSession(revoked.sessionId) : connections.ofUser(revoked.userId);
    for (const ws of ended) closeConnection(ws, CloseCode.SESSION_REVOKED, 'session revoked', 'session_revoked');
  });

  ctx.onStop(() => {
    clearInterval(tokenCheck);
    stopRevocations();
    for (const ws of [...connections]) closeConnection(ws, 1001, 'edge shutting down', 'shutdown');
    hub.close();
  });
}
