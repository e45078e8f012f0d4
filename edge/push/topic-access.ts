// Who may hold which topic: your own user topic, any sale, your own order, rooms you are a member of,
// and the broadcast. Someone else's order or room looks exactly like a missing one.
import type pg from 'pg';
import { EngineError } from '../../engine/platform/errors.js';
import { isMember } from '../../engine/chat/chat-store.js';
import { orderOwner } from '../../engine/push/order-ownership.js';
import type { ParsedTopic } from '../../engine/push/push-topics.js';
import type { ConnectionData } from './connection.js';

export async function assertMayHold(db: pg.Pool, who: ConnectionData, topic: ParsedTopic): Promise<void> {
  switch (topic.kind) {
    case 'user':
      if (Number(topic.id) !== who.userId) throw new EngineError('FORBIDDEN', "another user's topic");
      return;
    case 'sale':
    case 'broadcast':
      return;
    case 'order': {
      const owner = await orderOwner(db, topic.id);
      if (owner !== who.userId && !(owner !== undefined && who.roles.includes('admin'))) throw new EngineError('NOT_FOUND', 'order not found');
      return;
    }
    case 'chat':
      if (!(await isMember(db, Number(topic.id), who.userId))) throw new EngineError('NOT_FOUND', 'chat room not found');
  }
}
