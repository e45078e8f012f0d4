// Who may hold which topic: your own user topic, any sale, your own order, rooms you are a member of,
// and the broadcast. Someone else's order or room looks exactly like a missing one.
import type pg from 'pg';
import type { Principal } from '../auth/principal.js';
import { isMember } from '../chat/chat-store.js';
import { EngineError } from '../platform/errors.js';
import { orderOwner } from '../sale/ticket-rows.js';
import type { ParsedTopic } from './push-topics.js';

export async function assertMayHold(db: pg.Pool, who: Pick<Principal, 'userId' | 'roles'>, topic: ParsedTopic): Promise<void> {
  switch (topic.kind) {
    case 'user':
      if (Number(topic.id) !== who.userId) throw new EngineError('FORBIDDEN', "another user's topic");
      return;
    case 'sale':
    case 'broadcast':
      return;
    case 'order': {
      // orders are the flash-sale ticket rows for now (engine/sale/ticket-rows.ts)
      const owner = await orderOwner(db, topic.id);
      if (owner !== who.userId && !(owner !== undefined && who.roles.includes('admin'))) throw new EngineError('NOT_FOUND', 'order not found');
      return;
    }
    case 'chat':
      if (!(await isMember(db, Number(topic.id), who.userId))) throw new EngineError('NOT_FOUND', 'chat room not found');
  }
}
