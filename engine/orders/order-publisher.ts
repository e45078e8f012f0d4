// Hands new (or newly cancelled) orders to the saga orchestrators in micro-batches per partition.
// A failed publish is only logged: the order row is the outbox, and the orchestrator's sweep picks up
// every order whose saga is due and not final.
import type { JetStreamClient } from '@nats-io/jetstream';
import { Packr } from 'msgpackr';
import type { EngineConfig } from '../platform/config.js';
import { log } from '../platform/log.js';
import { batchingFrom, PartitionedBatcher } from '../platform/messaging/partitioned-batcher.js';
import { orderPartition, orderPartitionSubject } from './order-subjects.js';

const packr = new Packr({ useRecords: false });

/** One JetStream message: the ids of orders whose saga should advance. */
export interface OrderBatch {
  orderIds: string[];
}

export function decodeOrderBatch(data: Uint8Array): OrderBatch {
  const batch = packr.unpack(data) as OrderBatch;
  if (!batch || !Array.isArray(batch.orderIds)) throw new Error('malformed order batch');
  return batch;
}

export class OrderPublisher extends PartitionedBatcher<string> {
  constructor(
    private readonly js: JetStreamClient,
    private readonly config: EngineConfig,
  ) {
    super(batchingFrom(config));
  }

  protected partitionOf(orderId: string, partitions: number): number {
    return orderPartition(orderId, partitions);
  }

  protected async send(partition: number, orderIds: string[]): Promise<void> {
    const batch: OrderBatch = { orderIds };
    // no msgID: the same order is published again on purpose (a cancel after intake); the saga is idempotent
    await this.js
      .publish(orderPartitionSubject(this.config.namespace, partition), packr.pack(batch))
      .catch((err: unknown) => log('warn', 'order publish failed; the orchestrator sweep picks the orders up', { count: orderIds.length, err }));
  }
}
