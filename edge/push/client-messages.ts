// Messages from a connected client: rate-limited per connection, decoded (JSON or msgpack),
// schema-checked, then subscribe / unsubscribe / chat.send. Errors answer with an error frame.
import type { NatsConnection } from '@nats-io/transport-node';
import type pg from 'pg';
import { sendChatMessage } from '../../engine/chat/chat-service.js';
import { EngineError } from '../../engine/platform/errors.js';
import { log } from '../../engine/platform/log.js';
import type { PushConfig } from '../../engine/push/push-config.js';
import { parseTopic, userTopic } from '../../engine/push/push-topics.js';
import { assertMayHold, type TopicOwners } from '../../engine/push/topic-access.js';
import { isMember } from '../../engine/chat/chat-store.js';
import { orderOwner } from '../../engine/orders/order-rows.js';
import { CloseCode, type ClientMessage, type ServerFrame } from '../../engine/push/push-types.js';
import { closeConnection, type Connection } from './connection.js';
import { validateClientMessage } from './push-schemas.js';
import type { TopicHub } from './topic-hub.js';
import { decodeClientMessage } from './ws-codec.js';

export interface ClientMessageDeps {
  push: PushConfig;
  hub: TopicHub;
  db: pg.Pool;
  nc: NatsConnection;
  namespace: string;
  /** writes a frame; drops the connection when it is past its backlog limit */
  reply(ws: Connection, frame: ServerFrame): void;
}

export function clientMessageHandler(deps: ClientMessageDeps) {
  const { push, hub, db, reply } = deps;
  const owners: TopicOwners = { orderOwner: (id) => orderOwner(db, id), isRoomMember: (room, user) => isMember(db, room, user) };

  const fail = (ws: Connection, id: string | undefined, err: unknown) => {
    if (!(err instanceof EngineError)) log('error', 'ws message failed', { err });
    const code = err instanceof EngineError ? err.code : 'INTERNAL';
    const message = err instanceof EngineError ? err.message : 'internal error';
    reply(ws, { type: 'error', ...(id ? { id } : {}), code, message });
  };

  const handle = async (ws: Connection, msg: ClientMessage): Promise<void> => {
    const data = ws.getUserData();
    const id = msg.id ? { id: msg.id } : {};
    if (msg.type === 'chat.send') {
      const message = await sendChatMessage({ db, nc: deps.nc, namespace: deps.namespace }, data.userId, msg.room, msg.text);
      reply(ws, { type: 'chat.sent', ...id, message });
      return;
    }
    const topic = parseTopic(msg.topic);
    if (!topic) throw new EngineError('INVALID_INPUT', `unknown topic "${msg.topic}"`);
    if (msg.type === 'unsubscribe') {
      if (msg.topic === userTopic(data.userId)) throw new EngineError('INVALID_INPUT', 'the own user topic is always held');
      hub.leave(ws, msg.topic);
      reply(ws, { type: 'unsubscribed', topic: msg.topic, ...id });
      return;
    }
    if (!data.topics.has(msg.topic)) {
      if (data.topics.size >= push.maxTopicsPerConnection) throw new EngineError('INVALID_INPUT', `at most ${push.maxTopicsPerConnection} topics`);
      await assertMayHold(owners, data, topic);
      if (data.closed) return;
      hub.join(ws, msg.topic);
      await hub.settled();
    }
    reply(ws, { type: 'subscribed', topic: msg.topic, ...id });
  };

  return (ws: Connection, message: ArrayBuffer): void => {
    const data = ws.getUserData();
    const now = Date.now();
    if (now - data.windowStartMs >= 1000) {
      data.windowStartMs = now;
      data.messagesInWindow = 0;
    }
    if (++data.messagesInWindow > push.maxMessagesPerSec) {
      closeConnection(ws, CloseCode.POLICY, 'RATE_LIMITED: too many messages', 'rate_limited');
      return;
    }
    let msg: unknown;
    try {
      msg = decodeClientMessage(data.codec, message);
    } catch (err) {
      fail(ws, undefined, err);
      return;
    }
    if (!validateClientMessage(msg)) {
      const id = typeof (msg as { id?: unknown } | null)?.id === 'string' ? (msg as { id: string }).id.slice(0, 64) : undefined;
      fail(ws, id, new EngineError('INVALID_INPUT', 'message does not match the protocol (subscribe, unsubscribe, chat.send)'));
      return;
    }
    handle(ws, msg).catch((err: unknown) => fail(ws, msg.id, err));
  };
}
