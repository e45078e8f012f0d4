// Who may open which kind of counselling room, and which side each member takes. The counterpart's
// role cannot be checked here (users live in the auth module): the room records the side it was
// invited as, and only the two members can ever read or write it.
import { hasRole, type Principal } from '../auth/principal.js';
import { EngineError } from '../platform/errors.js';
import type { ChatRoomKind } from '../push/push-types.js';

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
