// Schemas of the chat REST bodies (ajv, compiled once; unknown fields rejected). Live messages are /ws
// client messages (edge/push/push-schemas.ts).
import { Ajv, type JSONSchemaType } from 'ajv';
import type { ChatRoomKind } from '../../engine/push/push-types.js';

const ajv = new Ajv({ allErrors: false, strict: true });

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

export const validateNewChatRoom = ajv.compile(newChatRoomSchema);
export const validateReadMarker = ajv.compile(readMarkerSchema);
