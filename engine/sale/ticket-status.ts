// Where a ticket stands: CONFIRMED once its order row exists in Postgres (the source of truth),
// ADMITTED while it is only in Redis, FAILED when a worker gave up on it.
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { saleKeys } from './sale-keys.js';
import type { TicketStatus } from './sale-wire-types.js';
import { decodeTicketEntry } from './ticket-entry.js';
import { ticketTimeMs } from './ticket-id.js';

export interface TicketView {
  userId: number;
  status: TicketStatus;
  orderId?: string;
}

export async function findTicket(
  db: pg.Pool,
  redis: Redis,
  namespace: string,
  saleId: number,
  ticketId: string,
): Promise<TicketView | undefined> {
  const [{ rows }, admitted] = await Promise.all([
    // created_at comes from the UUIDv7, so Postgres reads one partition only
    db.query<{ user_id: string; status: string }>(
      'SELECT user_id, status FROM orders WHERE id = $1 AND created_at = $2 AND sale_id = $3',
      [ticketId, new Date(ticketTimeMs(ticketId)), saleId],
    ),
    redis.hget(saleKeys(namespace, saleId).tickets, ticketId),
  ]);
  if (rows.length > 0) return { userId: Number(rows[0].user_id), status: 'CONFIRMED', orderId: ticketId };
  const entry = admitted === null ? undefined : decodeTicketEntry(admitted);
  if (!entry) return undefined;
  return { userId: entry.userId, status: entry.state === 'F' ? 'FAILED' : 'ADMITTED' };
}
