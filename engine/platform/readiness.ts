// Whether the backing services answer: RedisClient, NATS and Postgres, each within a deadline.
import type { NatsConnection } from '@nats-io/transport-node';
import type { RedisClient } from './redis/redis-client.js';
import type pg from 'pg';

export interface Readiness {
  ready: boolean;
  checks: Record<'redis' | 'nats' | 'postgres', 'up' | 'down'>;
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), ms)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function checkReadiness(deps: { redis: RedisClient; nc: NatsConnection; db: pg.Pool }, timeoutMs = 1000): Promise<Readiness> {
  const [redis, nats, postgres] = await Promise.allSettled([
    withTimeout(deps.redis.ping(), timeoutMs),
    withTimeout(deps.nc.flush(), timeoutMs),
    withTimeout(deps.db.query('SELECT 1'), timeoutMs),
  ]);
  const state = (r: PromiseSettledResult<unknown>) => (r.status === 'fulfilled' ? 'up' : 'down');
  const checks = { redis: state(redis), nats: state(nats), postgres: state(postgres) } as const;
  return { ready: Object.values(checks).every((s) => s === 'up'), checks };
}
