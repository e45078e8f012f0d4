// Hands order commands to the order actors in micro-batches per partition (partition of the order id).
// `publish` resolves once JetStream stored the batch that carries the order, so a 202 means the order
// is durable; a failed publish rejects and the client retries with its key (the replay republishes).
import type { JetStreamClient } from '@nats-io/jetstream';
import type { EngineConfig } from '../platform/config.js';
import { batchingFrom, PartitionedBatcher } from '../platform/messaging/partitioned-batcher.js';
import { encodeOrderBatch, type OrderCommand } from './order-command.js';
import { orderPartition, orderPartitionSubject } from './order-subjects.js';

interface Pending {
  command: OrderCommand;
  settle(err?: unknown): void;
}

export class OrderPublisher extends PartitionedBatcher<Pending> {
  constructor(
    private readonly js: JetStreamClient,
    private readonly config: EngineConfig,
  ) {
    super(batchingFrom(config));
  }

  publish(command: OrderCommand): Promise<void> {
    return new Promise((resolve, reject) => this.enqueue({ command, settle: (err) => (err === undefined ? resolve() : reject(err)) }));
  }

  protected partitionOf(pending: Pending, partitions: number): number {
    return orderPartition(pending.command.id, partitions);
  }

  protected async send(partition: number, items: Pending[]): Promise<void> {
    // no msgID: a replayed key republishes its order on purpose; the actor's keyed inserts make it a no-op
    try {
      await this.js.publish(orderPartitionSubject(this.config.namespace, partition), encodeOrderBatch({ orders: items.map((p) => p.command) }));
      for (const p of items) p.settle();
    } catch (err) {
      for (const p of items) p.settle(err);
    }
  }
}
