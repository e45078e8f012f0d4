// Hands order commands to the order actors in micro-batches per partition (partition of the order id).
// `publish` resolves once JetStream stored the batch that carries the order, so a 202 means the order
// is durable; a failed publish rejects and the client retries with its key (the replay republishes).
import type { JetStreamClient } from '@nats-io/jetstream';
import type { EngineConfig } from '../platform/config.js';
import { PartitionedBatcher } from '../platform/messaging/partitioned-batcher.js';
import type { OrderMessage } from './order-command.js';
import { orderQueue } from './order-queue.js';

interface Pending {
  command: OrderMessage;
  settle(err?: unknown): void;
}

export class OrderPublisher extends PartitionedBatcher<Pending> {
  constructor(
    private readonly js: JetStreamClient,
    private readonly config: EngineConfig,
  ) {
    super({ partitions: config.partitions, batchMax: config.publish.batchMax, batchDelayMs: config.publish.batchDelayMs });
  }

  publish(command: OrderMessage): Promise<void> {
    return new Promise((resolve, reject) => this.enqueue({ command, settle: (err) => (err === undefined ? resolve() : reject(err)) }));
  }

  protected partitionOf(pending: Pending, partitions: number): number {
    return orderQueue.partitionOf(pending.command, partitions);
  }

  protected async send(partition: number, items: Pending[]): Promise<void> {
    // no msgID: a replayed key republishes its order on purpose; the actor's keyed inserts make it a no-op
    try {
      await this.js.publish(orderQueue.subject(this.config.namespace, partition), orderQueue.encode(items.map((p) => p.command)));
      for (const p of items) p.settle();
    } catch (err) {
      for (const p of items) p.settle(err);
    }
  }
}
