// Rebuilds the Redis inventory counters from Postgres, the source of truth: per SKU the available
// units (stock - held - sold) or the slot capacity and per-slot use, and the records of HELD
// reservations (so their expiry or cancel still returns their units exactly once), and every
// reservation's stored idempotency answer (so a client retrying its key hears its first answer instead
// of getting a second hold).
// Run it after Redis lost its data: admission refuses those SKUs until then. It first waits until the
// reservation stream is empty (every reservation admitted before the loss is persisted), so none is
// left uncounted: on an empty Redis nothing new is admitted meanwhile.
import type { JetStreamManager } from '@nats-io/jetstream';
import type { RedisClient } from '../platform/redis/redis-client.js';
import type pg from 'pg';
import { writeCounters, type SkuCounters } from './inventory-counters.js';
import { skuCount, skuCounterPage } from '../catalog/sku-rows.js';
import { waitForEmptyStream } from '../platform/messaging/work-queue-stream.js';
import { inventoryKeys } from './reservation-keys.js';
import { reservationQueue } from './reservation-queue.js';
import { encodeReservationRecord } from './reservation-record.js';
import { heldReservationPage, keyedReservationPage, usedSlots } from './reservation-rows.js';
import type { ReservationLine } from './reservation-types.js';
import { encodeReserveAnswer, ReserveCode } from './reserve-answer.js';

const BATCH = 1_000;

export interface RebuildProgress {
  skus: number;
  totalSkus: number;
  holds: number;
  /** idempotency answers restored */
  answers: number;
}

export interface RebuildOptions {
  namespace: string;
  idempotencyTtlSec: number;
  drainTimeoutMs?: number;
}

export async function rebuildCounters(
  deps: { db: pg.Pool; redis: RedisClient; jsm: JetStreamManager },
  options: RebuildOptions,
  onProgress: (p: RebuildProgress) => void,
): Promise<RebuildProgress> {
  const { db, redis } = deps;
  const { namespace } = options;
  await waitForEmptyStream(deps.jsm, reservationQueue.streamName(namespace), options.drainTimeoutMs ?? 30_000);
  const progress: RebuildProgress = { skus: 0, totalSkus: 0, holds: 0, answers: 0 };
  // records and answers first: a SKU's counters let admission resume, and a hold admitted or expired
  // then must find the records of the holds before it (its release returns their units exactly once)
  progress.holds = await rebuildHeldRecords(db, redis, namespace, (holds) => onProgress({ ...progress, holds }));
  progress.answers = await rebuildAnswers(db, redis, options, (answers) => onProgress({ ...progress, answers }));
  progress.totalSkus = await skuCount(db);
  for (let after = 0; ; ) {
    const rows = await skuCounterPage(db, after, BATCH);
    if (rows.length === 0) break;
    const usedBySku = new Map<number, Map<string, number>>();
    for (const s of await usedSlots(db, rows.map((r) => r.id))) {
      const sku = Number(s.sku_id);
      if (!usedBySku.has(sku)) usedBySku.set(sku, new Map());
      usedBySku.get(sku)!.set(s.slot, Number(s.used));
    }
    const pipeline = redis.pipeline();
    for (const row of rows) {
      const sku: SkuCounters = { skuId: Number(row.id), productType: row.product_type, stock: row.stock, committed: row.held + row.sold, slots: usedBySku.get(Number(row.id)) };
      writeCounters(pipeline, namespace, sku);
    }
    await pipeline.exec();
    progress.skus += rows.length;
    after = Number(rows[rows.length - 1].id);
    onProgress({ ...progress });
  }
  return progress;
}

/** Each persisted reservation's stored answer, as lua/reserve-5.lua stored it. */
async function rebuildAnswers(db: pg.Pool, redis: RedisClient, options: RebuildOptions, onBatch: (answers: number) => void): Promise<number> {
  const keys = inventoryKeys(options.namespace);
  let answers = 0;
  for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
    const rows = await keyedReservationPage(db, after, BATCH);
    if (rows.length === 0) return answers;
    const pipeline = redis.pipeline();
    for (const r of rows) {
      const answer = encodeReserveAnswer({ code: ReserveCode.Reserved, reservationId: r.id, print: r.request_print ?? '' });
      pipeline.set(keys.idem(Number(r.user_id), r.idempotency_key), answer, 'EX', options.idempotencyTtlSec);
    }
    await pipeline.exec();
    answers += rows.length;
    after = rows[rows.length - 1].id;
    onBatch(answers);
  }
}

async function rebuildHeldRecords(db: pg.Pool, redis: RedisClient, namespace: string, onBatch: (holds: number) => void): Promise<number> {
  const { records } = inventoryKeys(namespace);
  let holds = 0;
  for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
    const rows = await heldReservationPage(db, after, BATCH);
    if (rows.length === 0) return holds;
    const pipeline = redis.pipeline();
    for (const r of rows) {
      const lines = r.lines.map(([sku, quantity, slot]): ReservationLine => [Number(sku), quantity, slot]);
      pipeline.hset(records, r.id, encodeReservationRecord([r.id, Number(r.user_id), r.expires_at.getTime(), lines, r.request_print ?? '', r.idempotency_key ?? '']));
    }
    await pipeline.exec();
    holds += rows.length;
    after = rows[rows.length - 1].id;
    onBatch(holds);
  }
}
