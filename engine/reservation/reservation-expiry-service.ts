// The reservation-expiry queue on the scheduler's pg-boss. The queue is "stately" (at most one job
// queued and one active), so several schedulers asking every few seconds still run one expiry at a
// time; the job's work is idempotent (version-checked transitions, release.lua once per hold).
// A cron schedule has minute granularity, too coarse for holds of minutes: a ticker sends instead.
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import type PgBoss from 'pg-boss';
import type { EngineConfig } from '../config.js';
import { log } from '../log.js';
import { defineReservationScripts } from './reservation-admission.js';
import { runReservationExpiry, type ExpiryDeps } from './reservation-expiry.js';
import { ReservationPublisher } from './reservation-publisher.js';
import { createPool } from '../db/pool.js';

export const reservationExpiryQueue = 'reservation-expiry';

export async function startReservationExpiry(boss: PgBoss, config: EngineConfig): Promise<{ stop(): Promise<void> }> {
  const { expiryIntervalMs, sweepMinAgeMs } = config.catalog.reservation;
  const redis = new Redis(config.redisUrl);
  defineReservationScripts(redis, config.luaDir);
  const nc = await connect({ servers: config.natsUrl, maxReconnectAttempts: -1 });
  const db = createPool(config.databaseUrl, 2);
  const publisher = new ReservationPublisher(jetstream(nc), config);
  const deps: ExpiryDeps = { db, redis, nc, publisher, namespace: config.namespace, sweepMinAgeMs };

  const close = async () => {
    await publisher.drain();
    await nc.drain().catch(() => {});
    await db.end();
    redis.disconnect();
  };
  let ticker: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<unknown> | undefined;
  try {
    await boss.createQueue(reservationExpiryQueue, { name: reservationExpiryQueue, policy: 'stately' });
    // pg-boss 10 hands the handler an array of jobs; one run covers them all
    await boss.work(reservationExpiryQueue, { pollingIntervalSeconds: Math.max(0.5, expiryIntervalMs / 2000) }, async () => {
      if (stopped) return;
      const run = runReservationExpiry(deps);
      running = run;
      const result = await run.finally(() => (running = undefined));
      if (result.expired + result.released + result.swept > 0) log('info', 'reservation expiry run', result);
    });
    const request = () => {
      boss.send(reservationExpiryQueue, {}).catch((err: unknown) => log('warn', 'could not queue reservation expiry', { err }));
    };
    request();
    ticker = setInterval(request, expiryIntervalMs);
  } catch (err) {
    await close().catch(() => {});
    throw err;
  }
  return {
    /** Stops asking, waits for a run in progress, closes the connections (before pg-boss itself stops). */
    async stop() {
      stopped = true;
      clearInterval(ticker);
      await running?.catch(() => {});
      await close();
    },
  };
}
