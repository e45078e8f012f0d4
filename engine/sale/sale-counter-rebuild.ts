// Rebuilds a sale's Redis admission counters from Postgres, the source of truth, after Redis lost them.
// It first waits until the sale's JetStream partition is drained (every published ticket is an order
// row), then writes per-user units, each order's stored idempotency answer (a client retrying its key
// after the loss hears its first answer, not a second admission) and, last, the meta hash: admission
// resumes only when meta exists. Tickets that were admitted but never published died with Redis; run
// Redis with AOF where that matters.
// Counters that are live are not rebuilt (admissions in flight would be overwritten) unless forced: then
// admission pauses (meta removed first) and the tickets still in the pending outbox count as sold, with
// their buyers' units and answers.
import type { JetStreamManager } from '@nats-io/jetstream';
import type { RedisClient } from '../platform/redis/redis-client.js';
import type pg from 'pg';
import { EngineError } from '../platform/errors.js';
import { partitionOf } from '../platform/messaging/partitioning.js';
import { admittedField, saleKeys, saleKeysExpireAt, type SaleKeys, type SaleMeta } from './sale-keys.js';
import { decodeTicketEntry } from './ticket-entry.js';
import { AdmitCode, encodeAdmitAnswer } from './admit-answer.js';
import { saleQueue } from './sale-queue.js';
import { saleCounterSource } from './sale-store.js';
import { durableTicketIds, keyedTicketRows, unitsByUser } from './ticket-rows.js';
import { waitForEmptyStream } from '../platform/messaging/work-queue-stream.js';

export interface RebuildResult {
  saleId: number;
  remaining: number;
  users: number;
  /** idempotency answers restored */
  answers: number;
  /** admitted tickets not durable yet (the pending outbox), counted as sold */
  pending: number;
}

/** An admitted ticket as the rebuild counts it: durable (a row) or still in the pending outbox. */
interface AdmittedTicket {
  id: string;
  userId: number;
  quantity: number;
  idempotencyKey: string;
}

export async function rebuildSaleCounters(
  deps: { db: pg.Pool; redis: RedisClient; jsm: JetStreamManager },
  options: { namespace: string; partitions: number; saleId: number; idempotencyTtlSec: number; drainTimeoutMs?: number; force?: boolean },
): Promise<RebuildResult> {
  const { db, redis, jsm } = deps;
  const { namespace, saleId } = options;
  const keys = saleKeys(namespace, saleId);
  if ((await redis.exists(keys.meta)) === 1) {
    if (!options.force) {
      throw new EngineError('SALE_COUNTERS_LIVE', `sale ${saleId} has live counters: a rebuild would overwrite admissions in flight (--force pauses admission while it runs)`);
    }
    // admission pauses (attempts answer SALE_UNAVAILABLE) until the meta hash is written again, last
    await redis.del(keys.meta);
  } else {
    // Redis lost its data: every published ticket must be a row before the rows are counted
    const partition = partitionOf(saleId, options.partitions);
    await waitForEmptyStream(jsm, saleQueue.streamName(namespace), options.drainTimeoutMs ?? 30_000, saleQueue.subject(namespace, partition));
  }
  const sale = await saleCounterSource(db, saleId);
  if (!sale) throw new EngineError('NOT_FOUND', `sale ${saleId} not found`);
  const rows = (await keyedTicketRows(db, saleId)).map((r) => ({ id: r.id, userId: Number(r.user_id), quantity: r.quantity, idempotencyKey: r.idempotency_key }));
  const perUser = new Map((await unitsByUser(db, saleId)).map((r) => [Number(r.user_id), Number(r.units)]));
  // read after the rows: a ticket that became a row meanwhile is in both, and counted once (as a row)
  const pending = await pendingTickets(redis, db, keys);
  for (const t of pending) perUser.set(t.userId, (perUser.get(t.userId) ?? 0) + t.quantity);
  const { stock, sold, perUserLimit, startsAt, endsAt } = sale;
  const remaining = stock - sold - pending.reduce((sum, t) => sum + t.quantity, 0);
  const answers = [...rows, ...pending].filter((t) => t.idempotencyKey);
  const rebuild = redis.multi().del(keys.users, keys.admitted);
  if (perUser.size > 0) rebuild.hset(keys.users, Object.fromEntries(perUser));
  for (const ticket of answers) {
    const answer = encodeAdmitAnswer({ code: AdmitCode.Admitted, quantity: ticket.quantity, ticketId: ticket.id });
    rebuild.set(keys.idem(ticket.userId, ticket.idempotencyKey), answer, 'EX', options.idempotencyTtlSec);
    rebuild.hset(keys.admitted, admittedField(ticket.userId, ticket.idempotencyKey), answer);
  }
  const expires = saleKeysExpireAt(endsAt.getTime(), options.idempotencyTtlSec);
  rebuild.hset(keys.meta, { remaining, limit: perUserLimit, starts: startsAt.getTime(), ends: endsAt.getTime(), expires } satisfies SaleMeta);
  for (const key of [keys.users, keys.admitted, keys.meta]) rebuild.pexpireat(key, expires);
  await rebuild.exec();
  return { saleId, remaining, users: perUser.size, answers: answers.length, pending: pending.length };
}

/** Tickets in the sale's pending outbox that are not rows yet (admitted, not durable). */
async function pendingTickets(redis: RedisClient, db: pg.Pool, keys: SaleKeys): Promise<AdmittedTicket[]> {
  const ids = await redis.zrange(keys.pending, 0, -1);
  if (ids.length === 0) return [];
  const durable = await durableTicketIds(db, ids);
  const entries = await redis.hmget(keys.tickets, ...ids);
  const tickets: AdmittedTicket[] = [];
  ids.forEach((id, i) => {
    const entry = entries[i] === null ? undefined : decodeTicketEntry(entries[i]!);
    if (entry && entry.state === '' && !durable.has(id)) tickets.push({ id, userId: entry.userId, quantity: entry.quantity, idempotencyKey: entry.idempotencyKey });
  });
  return tickets;
}
