// The work of one expiry run: HELD reservations past expires_at become EXPIRED and give their units
// back to Postgres (same transaction) and then Redis (release-4.lua, once); finished holds whose Redis
// side a crash left open are completed; PENDING reservations stuck in the outbox are republished.
import type { NatsConnection } from '@nats-io/transport-node';
import type { RedisClient } from '../platform/redis/redis-client.js';
import type pg from 'pg';
import { log } from '../platform/log.js';
import { inventoryKeys } from './reservation-keys.js';
import type { ReservationPublisher } from './reservation-publisher.js';
import { pushReservationStatus } from './reservation-push.js';
import { releaseInRedis, releaseUnfinished } from './reservation-release.js';
import { decodeReservationRecord } from './reservation-record.js';
import type { ReservationRecord } from './reservation-types.js';
import { dueHolds, expireHolds } from './reservation-rows.js';
import { applySkuDeltas, reservationDeltas, withConflictRetries } from './sku-counters.js';

const EXPIRY_BATCH = 500;
const SWEEP_BATCH = 5_000;

export interface ExpiryDeps {
  db: pg.Pool;
  redis: RedisClient;
  nc: NatsConnection;
  publisher: ReservationPublisher;
  namespace: string;
  sweepMinAgeMs: number;
}

/** Expires one batch of due holds; returns how many this call expired. */
export async function expireDueHolds(deps: ExpiryDeps): Promise<number> {
  const due = await dueHolds(deps.db, EXPIRY_BATCH);
  if (due.length === 0) return 0;
  const expired = await withConflictRetries(deps.db, 'sku', async (client) => {
    // the version check makes this lose cleanly to a confirm or cancel that committed meanwhile
    const rows = await expireHolds(client, due);
    await applySkuDeltas(client, await reservationDeltas(client, rows.map((r) => r.id), -1, 0));
    return rows;
  });
  await releaseInRedis(deps.db, deps.redis, deps.namespace, expired.map((r) => ({ id: r.id, state: 'EXPIRED' as const })));
  for (const row of expired) pushReservationStatus(deps.nc, deps.namespace, Number(row.user_id), row.id, 'EXPIRED');
  return expired.length;
}

/** Republishes reservations pending in the outbox longer than sweepMinAgeMs; returns how many. */
export async function sweepPending(deps: ExpiryDeps): Promise<number> {
  const keys = inventoryKeys(deps.namespace);
  const [seconds, micros] = await deps.redis.time();
  const cutoff = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) - deps.sweepMinAgeMs;
  const ids = await deps.redis.zrangebyscore(keys.pending, 0, cutoff, 'LIMIT', 0, SWEEP_BATCH);
  if (ids.length === 0) return 0;
  const values = await deps.redis.hmget(keys.records, ...ids);
  const records: ReservationRecord[] = [];
  ids.forEach((id, i) => {
    const record = values[i] ? decodeReservationRecord(id, values[i]!) : undefined;
    if (record) records.push(record);
  });
  await deps.publisher.publishNow(records);
  if (records.length > 0) log('info', 'republished pending reservations', { count: records.length });
  return records.length;
}

/** One run of the expiry job. */
export async function runReservationExpiry(deps: ExpiryDeps): Promise<{ expired: number; released: number; swept: number }> {
  let expired = 0;
  for (let batch = await expireDueHolds(deps); batch > 0; batch = await expireDueHolds(deps)) expired += batch;
  const released = await releaseUnfinished(deps.db, deps.redis, deps.namespace);
  const swept = await sweepPending(deps);
  return { expired, released, swept };
}
