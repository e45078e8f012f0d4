// Finishes holds in Redis after their Postgres state change committed: units of EXPIRED/CANCELLED
// holds go back, CONFIRMED ones are consumed. release-4.lua acts at most once per hold, and the row's
// redis_released flag lets the expiry job finish whatever a crash interrupted.
import type { RedisClient } from '../platform/redis/redis-client.js';
import type pg from 'pg';
import { releaseHold } from './reservation-admission.js';
import { markRedisReleased, unreleasedFinished } from './reservation-rows.js';
import type { ReservationState } from './reservation-types.js';

export interface FinishedHold {
  id: string;
  state: ReservationState;
}

export async function releaseInRedis(db: pg.Pool, redis: RedisClient, namespace: string, holds: FinishedHold[]): Promise<void> {
  if (holds.length === 0) return;
  await Promise.all(holds.map((h) => releaseHold(redis, namespace, h.id, h.state === 'CONFIRMED' ? 'consume' : 'return')));
  await markRedisReleased(db, holds.map((h) => h.id));
}

/** Releases every finished hold whose Redis side is still open (a process died after its commit). */
export async function releaseUnfinished(db: pg.Pool, redis: RedisClient, namespace: string, limit = 1_000): Promise<number> {
  const rows = await unreleasedFinished(db, limit);
  await releaseInRedis(db, redis, namespace, rows);
  return rows.length;
}
