// Rebuilds a sale's Redis admission counters from Postgres, the source of truth, after Redis lost them.
// It first waits until the sale's JetStream partition is drained (every published ticket is an order
// row), then writes per-user units, each order's stored idempotency answer (a client retrying its key
// after the loss hears its first answer, not a second admission) and, last, the meta hash: admission
// resumes only when meta exists. Tickets that were admitted but never published died with Redis; run
// Redis with AOF where that matters.
import type { JetStreamManager } from '@nats-io/jetstream';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { EngineError } from '../platform/errors.js';
import { partitionOf } from '../platform/messaging/partitioning.js';
import { admittedField, saleKeys, saleKeysExpireAt, type SaleMeta } from './sale-keys.js';
import { AdmitCode, encodeAdmitAnswer } from './admit-answer.js';
import { saleQueue } from './sale-queue.js';
import { saleCounterSource } from './sale-store.js';
import { keyedTicketRows, unitsByUser } from './ticket-rows.js';
import { waitForEmptyStream } from '../platform/messaging/work-queue-stream.js';

export interface RebuildResult {
  saleId: number;
  remaining: number;
  users: number;
  /** idempotency answers restored */
  answers: number;
}

export async function rebuildSaleCounters(
  deps: { db: pg.Pool; redis: Redis; jsm: JetStreamManager },
  options: { namespace: string; partitions: number; saleId: number; idempotencyTtlSec: number; drainTimeoutMs?: number },
): Promise<RebuildResult> {
  const { db, redis, jsm } = deps;
  const { namespace, saleId } = options;
  const partition = partitionOf(saleId, options.partitions);
  await waitForEmptyStream(jsm, saleQueue.streamName(namespace), options.drainTimeoutMs ?? 30_000, saleQueue.subject(namespace, partition));
  const sale = await saleCounterSource(db, saleId);
  if (!sale) throw new EngineError('NOT_FOUND', `sale ${saleId} not found`);
  const perUser = await unitsByUser(db, saleId);
  const answers = await keyedTicketRows(db, saleId);
  const keys = saleKeys(namespace, saleId);
  const { stock, sold, perUserLimit, startsAt, endsAt } = sale;
  const remaining = stock - sold;
  const rebuild = redis.multi().del(keys.users, keys.meta, keys.admitted);
  if (perUser.length > 0) rebuild.hset(keys.users, Object.fromEntries(perUser.map((r) => [r.user_id, r.units])));
  for (const order of answers) {
    const answer = encodeAdmitAnswer({ code: AdmitCode.Admitted, quantity: order.quantity, ticketId: order.id });
    const userId = Number(order.user_id);
    rebuild.set(keys.idem(userId, order.idempotency_key), answer, 'EX', options.idempotencyTtlSec);
    rebuild.hset(keys.admitted, admittedField(userId, order.idempotency_key), answer);
  }
  const expires = saleKeysExpireAt(endsAt.getTime(), options.idempotencyTtlSec);
  rebuild.hset(keys.meta, { remaining, limit: perUserLimit, starts: startsAt.getTime(), ends: endsAt.getTime(), expires } satisfies SaleMeta);
  for (const key of [keys.users, keys.admitted, keys.meta]) rebuild.pexpireat(key, expires);
  await rebuild.exec();
  return { saleId, remaining, users: perUser.length, answers: answers.length };
}
