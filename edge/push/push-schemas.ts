// Schemas of /ws client messages and of the chat REST bodies (ajv, compiled once; unknown fields rejected).
import { Ajv, type JSONSchemaType } from 'ajv';
import type { ChatRoomKind, ClientMessage } from '../../engine/push/push-types.js';

const ajv = new Ajv({ allErrors: false, strict: true });

export const MAX_CHAT_TEXT = 4000;
const correlationId = { type: 'string', minLength: 1, maxLength: 64, nullable: true } as const;
const topic = { type: 'string', minLength: 1, maxLength: 64 } as const;

export const clientMessageSchema: JSONSchemaType<ClientMessage> = {
  type: 'object',
  oneOf: [
    {
      type: 'object',
      properties: { type: { type: 'string', const: 'subscribe' }, topic, id: correlationId },
      required: ['type', 'topic'],
      additionalProperties: false,
    },
    {
      type: 'object',
      properties: { type: { type: 'string', const: 'unsubscribe' }, topic, id: correlationId },
      required: ['type', 'topic'],
      additionalProperties: false,
    },
    {
      type: 'object',
      properties: {
        type: { type: 'string', const: 'chat.send' },
        room: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
        text: { type: 'string', minLength: 1, maxLength: MAX_CHAT_TEXT },
        id: correlationId,
      },
      required: ['type', 'room', 'text'],
      additionalProperties: false,
    },
  ],
  required: ['type'],
  // ajv's JSONSchemaType cannot express a oneOf over a union; the branches above are checked by tests
} as unknown as JSONSchemaType<ClientMessage>;

export interface NewChatRoom {
  kind: ChatRoomKind;
  counterpartId: number;
  subjectRef?: string;
}

export const newChatRoomSchema: JSONSchemaType<NewChatRoom> = {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: ['buyer_seller', 'seller_admin', 'buyer_admin'] },
    counterpartId: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
    subjectRef: { type: 'string', maxLength: 200, pattern: '^[A-Za-z0-9:._-]*$', nullable: true },
  },
  required: ['kind', 'counterpartId'],
  additionalProperties: false,
};

export interface ReadMarker {
  lastReadId: number;
}

export const readMarkerSchema: JSONSchemaType<ReadMarker> = {
  type: 'object',
  properties: { lastReadId: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } },
  required: ['lastReadId'],
  additionalProperties: false,
};

export const validateClientMessage = ajv.compile(clientMessageSchema);
export const validateNewChatRoom = ajv.compile(newChatRoomSchema);
export const validateReadMarker = ajv.compile(readMarkerSchema);
