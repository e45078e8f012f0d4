// Starts this worker's reservation actors (one per owned partition), next to its sale actors.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { EngineConfig } from '../engine/config.js';
import { ownedPartitions } from '../engine/partitioning.js';
import { defineReservationScripts } from '../engine/reservation/reservation-admission.js';
import { ensureReservationConsumer, ensureReservationStream } from '../engine/reservation/reservation-stream.js';
import { ReservationActor } from './reservation-actor.js';
import { ReservationWriter } from './reservation-writer.js';

export async function startReservationActors(config: EngineConfig, redis: Redis, nc: NatsConnection, db: pg.Pool): Promise<{ stop(): Promise<void> }> {
  defineReservationScripts(redis, config.luaDir);
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  await ensureReservationStream(jsm, config.namespace);
  const writer = new ReservationWriter(db);
  const actors: ReservationActor[] = [];
  for (const partition of ownedPartitions(config.partitions, config.worker.index, config.worker.count)) {
    const consumer = await ensureReservationConsumer(jsm, js, config.namespace, partition, config.worker.ackWaitMs);
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
    actors.push(actor);
  }
  return { stop: async () => void (await Promise.all(actors.map((a) => a.stop()))) };
}
