// Publishes a work queue's items in micro-batches per partition, with the subject, codec and dedupe id
// its declaration gives. Subclasses say in send() how a batch is published and how a failure is reported.
import type { JetStreamClient, PubAck } from '@nats-io/jetstream';
import type { MsgHdrs } from '@nats-io/transport-node';
import { PartitionedBatcher } from './partitioned-batcher.js';
import type { WorkQueue } from './work-queue.js';

export interface PublisherConfig {
  namespace: string;
  partitions: number;
  publish: { batchMax: number; batchDelayMs: number };
}

export abstract class WorkQueuePublisher<Item> extends PartitionedBatcher<Item> {
  private readonly namespace: string;

  constructor(
    private readonly js: JetStreamClient,
    private readonly queue: WorkQueue<Item>,
    config: PublisherConfig,
  ) {
    super({ partitions: config.partitions, batchMax: config.publish.batchMax, batchDelayMs: config.publish.batchDelayMs });
    this.namespace = config.namespace;
  }

  protected partitionOf(item: Item, partitions: number): number {
    return this.queue.partitionOf(item, partitions);
  }

  /** One batch onto its partition's subject. */
  protected publish(partition: number, items: Item[], headers?: MsgHdrs): Promise<PubAck> {
    return this.js.publish(this.queue.subject(this.namespace, partition), this.queue.encode(items), { msgID: this.queue.dedupeId?.(items), headers });
  }
}
