// Every message of the /ws protocol, both directions, plus the chat shapes the REST routes return.
// The typed client (client/src/push-client.ts) imports these types, so server and client cannot drift.

/** Sec-WebSocket-Protocol values: the codec, and (for browsers, which cannot set headers) the token. */
export const JSON_SUBPROTOCOL = 'gopang.json.v1';
export const MSGPACK_SUBPROTOCOL = 'gopang.msgpack.v1';
export const BEARER_SUBPROTOCOL_PREFIX = 'bearer.';

export type Codec = 'json' | 'msgpack';

/** Close codes the edge uses besides the standard ones (1000 normal, 1001 going away, 1006 abrupt). */
export const CloseCode = {
  POLICY: 1008, // message flood, invalid protocol use
  TOO_BIG: 1009,
  TOKEN_EXPIRED: 4001,
  SESSION_REVOKED: 4003, // logout, a newer login, theft detection or account deletion ended the token's session
  SLOW_CONSUMER: 4008,
} as const;

// client -> server
export interface SubscribeMessage {
  type: 'subscribe';
  topic: string;
  id?: string;
}
export interface UnsubscribeMessage {
  type: 'unsubscribe';
  topic: string;
  id?: string;
}
export interface ChatSendMessage {
  type: 'chat.send';
  room: number;
  text: string;
  id?: string;
}
export type ClientMessage = SubscribeMessage | UnsubscribeMessage | ChatSendMessage;

// server -> client
export interface HelloFrame {
  type: 'hello';
  userId: number;
  topics: string[];
}
export interface SubscribedFrame {
  type: 'subscribed' | 'unsubscribed';
  topic: string;
  id?: string;
}
export interface EventFrame<T = unknown> {
  type: 'event';
  topic: string;
  data: T;
}
export interface ChatSentFrame {
  type: 'chat.sent';
  id?: string;
  message: ChatMessage;
}
export interface ErrorFrame {
  type: 'error';
  id?: string;
  code: string;
  message: string;
}
export type ServerFrame = HelloFrame | SubscribedFrame | EventFrame | ChatSentFrame | ErrorFrame;

// what the engine publishes (the `data` of event frames; order statuses: OrderStatusPush in engine/orders/order-types.ts)

/** On `sale.<id>`: the units left, at most one such message per sale per SALE_PUSH_INTERVAL_MS. */
export interface SaleStockEvent {
  type: 'sale.stock';
  saleId: number;
  remaining: number;
}

/** On `sale.<id>`: the last unit was admitted; once per time the sale sells out. */
export interface SaleSoldOutEvent {
  type: 'sale.soldout';
  saleId: number;
}

/** On `sale.<id>`: units came back on sale (unpaid orders expired); `remaining` after their return. */
export interface SaleReopenedEvent {
  type: 'sale.reopened';
  saleId: number;
  remaining: number;
}

export type SaleEvent = SaleStockEvent | SaleSoldOutEvent | SaleReopenedEvent;

/** On `broadcast`: an operator's message to every signed-in client. */
export interface BroadcastEvent {
  type: 'broadcast';
  message: string;
  /** ISO 8601, when the engine published it */
  sentAt: string;
}

// chat
export type ChatRoomKind = 'buyer_seller' | 'seller_admin' | 'buyer_admin';

export interface ChatMessage {
  id: number;
  roomId: number;
  senderId: number;
  text: string;
  createdAt: string;
}

/** The `data` of an event on `chat.<room>`. */
export interface ChatMessageEvent extends ChatMessage {
  type: 'chat.message';
}

/** The `data` of an event on `user.<id>` for members who were not the sender: "a room has news". */
export interface ChatNoticeEvent {
  type: 'chat.notice';
  roomId: number;
  messageId: number;
}

export interface ChatRoomView {
  id: number;
  kind: ChatRoomKind;
  subjectRef: string;
  members: { userId: number; role: string }[];
  createdAt: string;
  lastMessageAt: string | null;
  unread: number;
}
