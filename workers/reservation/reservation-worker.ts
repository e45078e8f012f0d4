// The reservation side of a worker process: starts the reservation actor of a partition this worker
// leased, next to its sale actor.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { RedisClient } from '../../engine/platform/redis/redis-client.js';
import type pg from 'pg';
import type { EngineConfig } from '../../engine/platform/config.js';
import { defineReservationScripts } from '../../engine/reservation/reservation-admission.js';
import { ensurePartitionConsumer, ensureWorkQueueStream } from '../../engine/platform/messaging/work-queue-stream.js';
import { reservationQueue } from '../../engine/reservation/reservation-queue.js';
import type { PartitionWork } from '../partitions/partition-ownership.js';
import { ReservationActor } from './reservation-actor.js';
import { ReservationWriter } from '../../engine/reservation/reservation-writer.js';

export async function reservationSide(
  config: EngineConfig,
  redis: RedisClient,
  nc: NatsConnection,
  db: pg.Pool,
): Promise<{ startActor(partition: number): Promise<PartitionWork> }> {
  defineReservationScripts(redis, config.luaDir);
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  await ensureWorkQueueStream(jsm, reservationQueue, config.namespace, config.natsStreamReplicas);
  const writer = new ReservationWriter(db);
  return {
    async startActor(partition) {
      const consumer = await ensurePartitionConsumer(jsm, js, reservationQueue, { namespace: config.namespace, partition, ackWaitMs: config.worker.ackWaitMs });
      const actor = new ReservationActor({
        consumer,
        writer,
        redis,
        nc,
        namespace: config.namespace,
        partition,
        batchMaxMessages: config.worker.batchMaxMessages,
      });
      await actor.start();
      return actor;
    },
  };
}
