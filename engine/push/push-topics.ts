// The topics a WebSocket client can hold. A topic is also the tail of its NATS subject, so every id
// is checked to be a safe subject token here, once.

/** `user.<id>`, `sale.<id>`, `order.<uuid>`, `chat.<room>` or `broadcast`. */
export type PushTopic = string;

/** Every signed-in client may hold it; operators publish to it. */
export const BROADCAST_TOPIC: PushTopic = 'broadcast';

export type TopicKind = 'user' | 'sale' | 'order' | 'chat' | 'broadcast';

export interface ParsedTopic {
  kind: TopicKind;
  /** numeric id for user/sale/chat, uuid text for order, empty for broadcast */
  id: string;
}

const POSITIVE_ID = /^[1-9][0-9]{0,15}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The topic's parts, or undefined when it is not a topic clients may name. */
export function parseTopic(topic: string): ParsedTopic | undefined {
  if (topic === BROADCAST_TOPIC) return { kind: 'broadcast', id: '' };
  const dot = topic.indexOf('.');
  if (dot < 0) return undefined;
  const kind = topic.slice(0, dot);
  const id = topic.slice(dot + 1);
  switch (kind) {
    case 'user':
    case 'sale':
    case 'chat':
      return POSITIVE_ID.test(id) && Number.isSafeInteger(Number(id)) ? { kind, id } : undefined;
    case 'order':
      return UUID.test(id) ? { kind, id } : undefined;
    default:
      return undefined;
  }
}

export function userTopic(userId: number): PushTopic {
  return `user.${userId}`;
}

export function chatTopic(roomId: number): PushTopic {
  return `chat.${roomId}`;
}

export function saleTopic(saleId: number): PushTopic {
  return `sale.${saleId}`;
}

export function orderTopic(orderId: string): PushTopic {
  return `order.${orderId}`;
}
