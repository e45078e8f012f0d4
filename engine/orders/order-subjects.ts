// NATS names of the order saga hand-off (its own work-queue stream, partitioned by order id), and the
// stream and consumers themselves (see engine/platform/messaging).
import type { Consumer, JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { ensurePartitionConsumer, ensureWorkQueueStream } from '../platform/messaging/work-queue-stream.js';
import { partitionOf } from '../platform/messaging/partitioning.js';

export function orderStreamName(namespace: string): string {
  return `${namespace.toUpperCase()}_ORDERS`;
}

export function orderPartitionSubject(namespace: string, partition: number): string {
  return `${namespace}.order.${partition}`;
}

export function orderPartitionWildcard(namespace: string): string {
  return `${namespace}.order.*`;
}

export function orderConsumerName(partition: number): string {
  return `order-p${partition}`;
}

/** The partition of an order: its id's random tail, hashed like every other partition key. */
export function orderPartition(orderId: string, partitions: number): number {
  return partitionOf(parseInt(orderId.slice(-8), 16), partitions);
}

export function ensureOrderStream(jsm: JetStreamManager, namespace: string, replicas: number): Promise<void> {
  return ensureWorkQueueStream(jsm, orderStreamName(namespace), [orderPartitionWildcard(namespace)], replicas);
}

export function ensureOrderConsumer(jsm: JetStreamManager, js: JetStreamClient, namespace: string, partition: number, ackWaitMs: number): Promise<Consumer> {
  return ensurePartitionConsumer(jsm, js, {
    stream: orderStreamName(namespace),
    durable: orderConsumerName(partition),
    filterSubject: orderPartitionSubject(namespace, partition),
    ackWaitMs,
  });
}

/** Core NATS: "advance this order's saga now" (a cancel), taken by one orchestrator (queue group). */
export function orderAdvanceSubject(namespace: string): string {
  return `${namespace}.order-advance`;
}
