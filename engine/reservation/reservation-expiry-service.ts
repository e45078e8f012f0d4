// The reservation-expiry job on the scheduler's pg-boss (see scheduler/periodic-job.ts), with its own
// connections. Its work is idempotent: version-checked transitions, release-4.lua once per hold.
import { jetstream } from '@nats-io/jetstream';
import { connectNats } from '../platform/messaging/nats-connection.js';
import { connectRedis } from '../platform/redis/redis-client.js';
import type PgBoss from 'pg-boss';
import type { EngineConfig } from '../platform/config.js';
import { log } from '../platform/log.js';
import { defineReservationScripts } from './reservation-admission.js';
import { runReservationExpiry, type ExpiryDeps } from './reservation-expiry.js';
import { ReservationPublisher } from './reservation-publisher.js';
import { createPool } from '../platform/db/pool.js';
import { startPeriodicJob } from '../platform/jobs/periodic-job.js';

export const reservationExpiryQueue = 'reservation-expiry';

export async function startReservationExpiry(boss: PgBoss, config: EngineConfig): Promise<{ stop(): Promise<void> }> {
  const { expiryIntervalMs, sweepMinAgeMs } = config.catalog.reservation;
  const redis = await connectRedis(config);
  defineReservationScripts(redis, config.luaDir);
  const nc = await connectNats(config.nats, { maxReconnectAttempts: -1 });
  const db = createPool(config.databaseUrl, 2, config.postgres, 'jobs');
  const publisher = new ReservationPublisher(jetstream(nc), config);
  const deps: ExpiryDeps = { db, redis, nc, publisher, namespace: config.namespace, sweepMinAgeMs };

  const close = async () => {
    await publisher.drain();
    await nc.drain().catch(() => {});
    await db.end();
    redis.disconnect();
  };
  try {
    const job = await startPeriodicJob(boss, {
      queue: reservationExpiryQueue,
      intervalMs: expiryIntervalMs,
      pollingIntervalSeconds: Math.max(0.5, expiryIntervalMs / 2000),
      run: async () => {
        const result = await runReservationExpiry(deps);
        if (result.expired + result.released + result.swept > 0) log('info', 'reservation expiry run', result);
      },
    });
    return {
      /** Stops asking, waits for a run in progress, closes the connections (before pg-boss itself stops). */
      async stop() {
        await job.stop();
        await close();
      },
    };
  } catch (err) {
    await close().catch(() => {});
    throw err;
  }
}
