// Sending a counselling message: stored once by the edge that received it, then published on NATS
// so every edge delivers it to the room's subscribers, and a notice reaches the other members' user topics.
import type { NatsConnection } from '@nats-io/transport-node';
import type pg from 'pg';
import { EngineError } from '../platform/errors.js';
import { publishPush } from '../push/push-publisher.js';
import { chatTopic, userTopic } from '../push/push-topics.js';
import type { ChatMessage, ChatMessageEvent, ChatNoticeEvent } from '../push/push-types.js';
import { appendMessage, memberIds } from './chat-store.js';

export async function sendChatMessage(
  deps: { db: pg.Pool; nc: NatsConnection; namespace: string },
  senderId: number,
  roomId: number,
  text: string,
): Promise<ChatMessage> {
  const message = await appendMessage(deps.db, roomId, senderId, text);
  if (!message) throw new EngineError('NOT_FOUND', 'chat room not found');
  const event: ChatMessageEvent = { type: 'chat.message', ...message };
  publishPush(deps.nc, deps.namespace, chatTopic(roomId), event);
  const notice: ChatNoticeEvent = { type: 'chat.notice', roomId, messageId: message.id };
  for (const memberId of await memberIds(deps.db, roomId)) {
    if (memberId !== senderId) publishPush(deps.nc, deps.namespace, userTopic(memberId), notice);
  }
  return message;
}
