// Rebuilds a sale's Redis admission counters from Postgres, the source of truth, after Redis lost them.
// It first waits until the sale's JetStream partition is drained (every published ticket is an order
// row), then writes per-user units and, last, the meta hash: admission resumes only when meta exists.
// Tickets that were admitted but never published died with Redis; run Redis with AOF where that matters.
import type { JetStreamManager } from '@nats-io/jetstream';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { EngineError } from '../errors.js';
import { partitionOf } from '../partitioning.js';
import { saleKeys } from '../redis-keys.js';
import { salePartitionSubject, saleStreamName } from '../subjects.js';

export interface RebuildResult {
  saleId: number;
  remaining: number;
  users: number;
}

async function waitForDrainedPartition(jsm: JetStreamManager, namespace: string, partition: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // a work-queue stream holds exactly the messages not yet acked; the consumer may be between owners
    const subject = salePartitionSubject(namespace, partition);
    const info = await jsm.streams.info(saleStreamName(namespace), { subjects_filter: subject });
    if ((info.state.subjects?.[subject] ?? 0) === 0) return;
    if (Date.now() > deadline) throw new EngineError('UNAVAILABLE', `partition ${partition} still has unapplied tickets`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function rebuildSaleCounters(
  deps: { db: pg.Pool; redis: Redis; jsm: JetStreamManager },
  options: { namespace: string; partitions: number; saleId: number; drainTimeoutMs?: number },
): Promise<RebuildResult> {
  const { db, redis, jsm } = deps;
  const { namespace, saleId } = options;
  await waitForDrainedPartition(jsm, namespace, partitionOf(saleId, options.partitions), options.drainTimeoutMs ?? 30_000);
  const sale = await db.query<{ stock: number; sold: number; per_user_limit: number; starts_at: Date; ends_at: Date }>(
    'SELECT stock, sold, per_user_limit, starts_at, ends_at FROM sales WHERE id = $1',
    [saleId],
  );
  if (sale.rowCount === 0) throw new EngineError('NOT_FOUND', `sale ${saleId} not found`);
  const { rows: perUser } = await db.query<{ user_id: string; units: string }>(
    'SELECT user_id, sum(quantity) AS units FROM orders WHERE sale_id = $1 GROUP BY user_id',
    [saleId],
  );
  const keys = saleKeys(namespace, saleId);
  const { stock, sold, per_user_limit, starts_at, ends_at } = sale.rows[0];
  const remaining = stock - sold;
  const rebuild = redis.multi().del(keys.users, keys.meta);
  if (perUser.length > 0) rebuild.hset(keys.users, Object.fromEntries(perUser.map((r) => [r.user_id, r.units])));
  rebuild.hset(keys.meta, { remaining, limit: per_user_limit, starts: starts_at.getTime(), ends: ends_at.getTime() });
  await rebuild.exec();
  return { saleId, remaining, users: perUser.length };
}
