// Hands admitted reservations to their work queue (reservation-queue.ts) in micro-batches per partition.
// A failed publish is only logged: the reservation is still in the Redis outbox and the expiry job's
// sweep republishes it.
import type { JetStreamClient } from '@nats-io/jetstream';
import type { EngineConfig } from '../platform/config.js';
import { log } from '../platform/log.js';
import { WorkQueuePublisher } from '../platform/messaging/work-queue-publisher.js';
import { reservationQueue } from './reservation-queue.js';
import type { ReservationRecord } from './reservation-types.js';

export class ReservationPublisher extends WorkQueuePublisher<ReservationRecord> {
  constructor(js: JetStreamClient, config: EngineConfig) {
    super(js, reservationQueue, config);
  }

  protected async send(partition: number, reservations: ReservationRecord[]): Promise<void> {
    await this.publish(partition, reservations).catch((err: unknown) => log('warn', 'reservation publish failed; the sweep will republish', { count: reservations.length, err }));
  }
}
