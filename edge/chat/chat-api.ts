// Documentation of the counselling-chat REST routes (live messages go over /ws: chat.send, topic chat.<room>).
import { newChatRoomSchema, readMarkerSchema } from './chat-schemas.js';
import type { JsonSchema, RouteDoc } from '../openapi/route-doc.js';
import { pageQueryDoc, pageSchema } from '../http/paging.js';

const roomSchema: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    kind: { enum: ['buyer_seller', 'seller_admin', 'buyer_admin'] },
    subjectRef: { type: 'string' },
    members: { type: 'array', items: { type: 'object', properties: { userId: { type: 'integer' }, role: { type: 'string' } }, required: ['userId', 'role'] } },
    createdAt: { type: 'string', format: 'date-time' },
    lastMessageAt: { type: ['string', 'null'], format: 'date-time' },
    unread: { type: 'integer' },
  },
  required: ['id', 'kind', 'subjectRef', 'members', 'createdAt', 'lastMessageAt', 'unread'],
};

const messageSchema: JsonSchema = {
  type: 'object',
  properties: { id: { type: 'integer' }, roomId: { type: 'integer' }, senderId: { type: 'integer' }, text: { type: 'string' }, createdAt: { type: 'string', format: 'date-time' } },
  required: ['id', 'roomId', 'senderId', 'text', 'createdAt'],
};

const bodyErrors = ['MALFORMED_JSON', 'INVALID_INPUT', 'PAYLOAD_TOO_LARGE'] as const;

export const chatApi: RouteDoc[] = [
  {
    method: 'post', path: '/api/v1/chat/rooms', operationId: 'openChatRoom', tag: 'chat', auth: 'buyer, seller or admin (by room kind)',
    summary: 'Open (or find) a counselling room with a counterpart, about an item or order',
    body: newChatRoomSchema,
    responses: { 200: { description: 'the existing room', schema: roomSchema }, 201: { description: 'created', schema: roomSchema } },
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', ...bodyErrors],
  },
  {
    method: 'get', path: '/api/v1/chat/rooms', operationId: 'listChatRooms', tag: 'chat', auth: 'any signed-in user',
    summary: 'My rooms with unread counts, most recent activity first (cursor-paged; a room with a new message moves to the top)',
    query: pageQueryDoc(),
    responses: { 200: { description: 'a page of rooms', schema: pageSchema(roomSchema) } },
    errors: ['UNAUTHENTICATED', 'INVALID_INPUT', 'INVALID_CURSOR'],
  },
  {
    method: 'get', path: '/api/v1/chat/rooms/{id}/messages', operationId: 'chatHistory', tag: 'chat', auth: 'room member',
    summary: 'History, newest first (cursor-paged; limit up to CHAT_PAGE_SIZE_MAX)',
    query: pageQueryDoc('before'),
    responses: { 200: { description: 'a page of messages', schema: pageSchema(messageSchema) } },
    errors: ['UNAUTHENTICATED', 'INVALID_INPUT', 'INVALID_CURSOR', 'NOT_FOUND'],
  },
  {
    method: 'post', path: '/api/v1/chat/rooms/{id}/read', operationId: 'markChatRead', tag: 'chat', auth: 'room member',
    summary: 'Move my read marker (unread counts follow it)',
    body: readMarkerSchema,
    responses: { 200: { description: 'the room with its new unread count', schema: roomSchema } },
    errors: ['UNAUTHENTICATED', 'NOT_FOUND', ...bodyErrors],
  },
];
