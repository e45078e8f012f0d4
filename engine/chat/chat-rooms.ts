// Counselling rooms: who may open which kind of room and which side each member takes, and the room
// use cases (open, read the history, mark read). The counterpart's role cannot be checked here (users
// live in the auth module): the room records the side it was invited as, and only the two members
// can ever read or write it.
import type pg from 'pg';
import { hasRole, type Principal } from '../auth/principal.js';
import { EngineError } from '../platform/errors.js';
import type { ChatMessage, ChatRoomKind, ChatRoomView } from '../push/push-types.js';
import { isMember, markRead, messagesBefore, openRoom, roomOf } from './chat-store.js';
import type { Page } from '../platform/db/keyset-page.js';

export type ChatSide = 'buyer' | 'seller' | 'admin';

export const chatRoomSides: Record<ChatRoomKind, readonly [ChatSide, ChatSide]> = {
  buyer_seller: ['buyer', 'seller'],
  seller_admin: ['seller', 'admin'],
  buyer_admin: ['buyer', 'admin'],
};

export interface RoomMember {
  userId: number;
  role: ChatSide;
}

/** The two members of a new room, the creator on the first side its roles allow. */
export function roomMembers(kind: ChatRoomKind, creator: Principal, counterpartId: number): [RoomMember, RoomMember] {
  if (counterpartId === creator.userId) throw new EngineError('INVALID_INPUT', 'a room needs two different people');
  const [first, second] = chatRoomSides[kind];
  if (hasRole(creator, first)) return [{ userId: creator.userId, role: first }, { userId: counterpartId, role: second }];
  if (hasRole(creator, second)) return [{ userId: creator.userId, role: second }, { userId: counterpartId, role: first }];
  throw new EngineError('FORBIDDEN', `a ${kind} room needs the ${first} or ${second} role`);
}

/** Opens the room (or finds the same kind, pair and subject) and answers it as the creator lists it. */
export async function openChatRoom(
  db: pg.Pool,
  creator: Principal,
  input: { kind: ChatRoomKind; counterpartId: number; subjectRef?: string },
): Promise<{ room: ChatRoomView; created: boolean }> {
  const members = roomMembers(input.kind, creator, input.counterpartId);
  const { roomId, created } = await openRoom(db, { kind: input.kind, subjectRef: input.subjectRef ?? '', createdBy: creator.userId, members });
  const room = (await roomOf(db, creator.userId, roomId))!;
  return { room, created };
}

/** A page of a room's history, newest first, for a member; `next` pages further back (null at the end). */
export async function roomHistory(
  db: pg.Pool,
  reader: Principal,
  roomId: number,
  before: number | undefined,
  pageSize: number,
): Promise<Page<ChatMessage>> {
  if (!(await isMember(db, roomId, reader.userId))) throw new EngineError('NOT_FOUND', 'chat room not found');
  return messagesBefore(db, roomId, before, pageSize);
}

/** Moves the member's read marker and answers the room with its new unread count. */
export async function markRoomRead(db: pg.Pool, reader: Principal, roomId: number, lastReadId: number): Promise<ChatRoomView> {
  if (!(await markRead(db, roomId, reader.userId, lastReadId))) throw new EngineError('NOT_FOUND', 'chat room not found');
  return (await roomOf(db, reader.userId, roomId))!;
}
