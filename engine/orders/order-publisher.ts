// Hands new (or newly cancelled) orders to the saga orchestrators through their work queue
// (order-queue.ts) in micro-batches per partition.
// A failed publish is only logged: the order row is the outbox, and the orchestrator's sweep picks up
// every order whose saga is due and not final.
import type { JetStreamClient } from '@nats-io/jetstream';
import type { EngineConfig } from '../platform/config.js';
import { log } from '../platform/log.js';
import { WorkQueuePublisher } from '../platform/messaging/work-queue-publisher.js';
import { orderQueue } from './order-queue.js';

export class OrderPublisher extends WorkQueuePublisher<string> {
  constructor(js: JetStreamClient, config: EngineConfig) {
    super(js, orderQueue, config);
  }

  protected async send(partition: number, orderIds: string[]): Promise<void> {
    await this.publish(partition, orderIds).catch((err: unknown) => log('warn', 'order publish failed; the orchestrator sweep picks the orders up', { count: orderIds.length, err }));
  }
}
