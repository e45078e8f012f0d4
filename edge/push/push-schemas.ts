// Schemas of /ws client messages and of the broadcast body (ajv, compiled once; unknown fields rejected).
import { Ajv, type JSONSchemaType } from 'ajv';
import type { ClientMessage } from '../../engine/push/push-types.js';

const ajv = new Ajv({ allErrors: false, strict: true });

export const MAX_CHAT_TEXT = 4000;
export const MAX_BROADCAST_TEXT = 1000;
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

export const validateClientMessage = ajv.compile(clientMessageSchema);

export interface NewBroadcast {
  message: string;
}

export const newBroadcastSchema: JSONSchemaType<NewBroadcast> = {
  type: 'object',
  // at least one character that is not white space
  properties: { message: { type: 'string', minLength: 1, maxLength: MAX_BROADCAST_TEXT, pattern: '\\S' } },
  required: ['message'],
  additionalProperties: false,
};

export const validateNewBroadcast = ajv.compile(newBroadcastSchema);
