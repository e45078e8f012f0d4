// Who may hold which topic: your own user topic, any sale, your own order, rooms you are a member of,
// and the broadcast. Someone else's order or room looks exactly like a missing one. Whose an order is
// and who is in a room are answered by their domains (orders, chat) through `TopicOwners`, which the
// caller hands in: chat and orders publish through push, so push imports neither.
import type { Principal } from '../auth/principal.js';
import { EngineError } from '../platform/errors.js';
import type { ParsedTopic } from './push-topics.js';

export interface TopicOwners {
  orderOwner(orderId: string): Promise<number | undefined>;
  isRoomMember(roomId: number, userId: number): Promise<boolean>;
}

export async function assertMayHold(owners: TopicOwners, who: Pick<Principal, 'userId' | 'roles'>, topic: ParsedTopic): Promise<void> {
  switch (topic.kind) {
    case 'user':
      if (Number(topic.id) !== who.userId) throw new EngineError('FORBIDDEN', "another user's topic");
      return;
    case 'sale':
    case 'broadcast':
      return;
    case 'order': {
      const owner = await owners.orderOwner(topic.id);
      if (owner !== who.userId && !(owner !== undefined && who.roles.includes('admin'))) throw new EngineError('NOT_FOUND', 'order not found');
      return;
    }
    case 'chat':
      if (!(await owners.isRoomMember(Number(topic.id), who.userId))) throw new EngineError('NOT_FOUND', 'chat room not found');
  }
}
