// The reservation actor of one partition (see workers/partitions/partition-actor.ts): a batch of holds becomes
// rows in one transaction; after the commit the outbox is cleared and HELD pushed. Poison reservations
// give their Redis units back and are pushed CANCELLED.
import type { NatsConnection } from '@nats-io/transport-node';
import type { Consumer } from '@nats-io/jetstream';
import type { RedisClient } from '../../engine/platform/redis/redis-client.js';
import { releaseHold } from '../../engine/reservation/reservation-admission.js';
import { inventoryKeys } from '../../engine/reservation/reservation-keys.js';
import { pushReservationStatus } from '../../engine/reservation/reservation-push.js';
import { reservationQueue } from '../../engine/reservation/reservation-queue.js';
import type { ReservationRecord } from '../../engine/reservation/reservation-types.js';
import { PartitionActor } from '../partitions/partition-actor.js';
import type { PersistedBatch, ReservationWriter } from '../../engine/reservation/reservation-writer.js';

export interface ReservationActorDeps {
  consumer: Consumer;
  writer: ReservationWriter;
  redis: RedisClient;
  nc: NatsConnection;
  namespace: string;
  partition: number;
  batchMaxMessages: number;
}

export class ReservationActor extends PartitionActor<ReservationRecord, PersistedBatch> {
  constructor(private readonly deps: ReservationActorDeps) {
    super(deps.consumer, deps.partition, deps.batchMaxMessages);
  }

  protected decode(data: Uint8Array): ReservationRecord[] {
    return reservationQueue.decode(data);
  }

  protected apply(records: ReservationRecord[]): Promise<PersistedBatch> {
    return this.deps.writer.apply(records);
  }

  protected afterCommit(records: ReservationRecord[], persisted: PersistedBatch): Promise<void> {
    return this.completeReservations(records, persisted.inserted, persisted.failed);
  }

  private async completeReservations(all: ReservationRecord[], inserted: ReservationRecord[], failed: ReservationRecord[]): Promise<void> {
    const { redis, nc, namespace } = this.deps;
    const failedIds = new Set(failed.map((r) => r[0]));
    await redis.zrem(inventoryKeys(namespace).pending, ...all.filter((r) => !failedIds.has(r[0])).map((r) => r[0]));
    for (const record of failed) {
      await releaseHold(redis, namespace, record[0], 'return');
      pushReservationStatus(nc, namespace, record[1], record[0], 'CANCELLED');
    }
    for (const record of inserted) pushReservationStatus(nc, namespace, record[1], record[0], 'HELD');
  }
}
