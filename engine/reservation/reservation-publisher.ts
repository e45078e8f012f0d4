// Hands admitted reservations to JetStream in micro-batches per partition, like the ticket publisher.
// The partition is chosen by the first SKU, so one hot SKU's reservations meet in one ordered actor
// (few version conflicts on its row). A failed publish is only logged: the reservation is still in the
// Redis outbox and the expiry job's sweep republishes it.
import type { JetStreamClient } from '@nats-io/jetstream';
import type { EngineConfig } from '../platform/config.js';
import { log } from '../platform/log.js';
import { batchingFrom, PartitionedBatcher } from '../platform/messaging/partitioned-batcher.js';
import { partitionOf } from '../platform/messaging/partitioning.js';
import { encodeReservationBatch } from './reservation-codec.js';
import { reservationPartitionSubject } from './reservation-subjects.js';
import type { ReservationRecord } from './reservation-types.js';

export class ReservationPublisher extends PartitionedBatcher<ReservationRecord> {
  constructor(
    private readonly js: JetStreamClient,
    private readonly config: EngineConfig,
  ) {
    super(batchingFrom(config));
  }

  protected partitionOf(record: ReservationRecord, partitions: number): number {
    return partitionOf(record[3][0][0], partitions);
  }

  protected async send(partition: number, reservations: ReservationRecord[]): Promise<void> {
    await this.js
      .publish(reservationPartitionSubject(this.config.namespace, partition), encodeReservationBatch({ reservations }), {
        msgID: `${reservations[0][0]}+${reservations.length}`,
      })
      .catch((err: unknown) => log('warn', 'reservation publish failed; the sweep will republish', { count: reservations.length, err }));
  }
}
