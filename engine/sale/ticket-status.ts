// Where a ticket stands: CONFIRMED once its order row exists in Postgres (the source of truth),
// ADMITTED while it is only in Redis, FAILED when a worker gave up on it.
import type { RedisClient } from '../platform/redis/redis-client.js';
import type pg from 'pg';
import { hasRole, type Principal } from '../auth/principal.js';
import { EngineError } from '../platform/errors.js';
import { saleKeys } from './sale-keys.js';
import type { TicketStatus } from './sale-wire-types.js';
import { decodeTicketEntry } from './ticket-entry.js';
import { parsePublicTicket, publicTicket } from './ticket-id.js';
import { ticketRowOwner } from './ticket-rows.js';

export interface TicketView {
  userId: number;
  status: TicketStatus;
  orderId?: string;
}

async function findTicket(
  db: pg.Pool,
  redis: RedisClient,
  namespace: string,
  saleId: number,
  ticketId: string,
): Promise<TicketView | undefined> {
  const [owner, admitted] = await Promise.all([ticketRowOwner(db, saleId, ticketId), redis.hget(saleKeys(namespace, saleId).tickets, ticketId)]);
  if (owner !== undefined) return { userId: owner, status: 'CONFIRMED', orderId: ticketId };
  const entry = admitted === null ? undefined : decodeTicketEntry(admitted);
  if (!entry) return undefined;
  return { userId: entry.userId, status: entry.state === 'F' ? 'FAILED' : 'ADMITTED' };
}

export interface TicketAnswer {
  ticket: string;
  status: TicketStatus;
  orderId?: string;
}

/** A public ticket id as its owner or an admin sees it; someone else's ticket looks exactly like a missing one. */
export async function readTicket(db: pg.Pool, redis: RedisClient, namespace: string, principal: Principal, ticket: string): Promise<TicketAnswer> {
  const parsed = parsePublicTicket(ticket);
  const view = parsed && (await findTicket(db, redis, namespace, parsed.saleId, parsed.ticketId));
  if (!parsed || !view || (view.userId !== principal.userId && !hasRole(principal, 'admin'))) {
    throw new EngineError('NOT_FOUND', 'ticket not found');
  }
  return { ticket: publicTicket(parsed.saleId, parsed.ticketId), status: view.status, ...(view.orderId ? { orderId: view.orderId } : {}) };
}
