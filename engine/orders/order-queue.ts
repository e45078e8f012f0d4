// The work queue of order messages (engine/orders/order-command.ts), partitioned by order id: each
// partition's order actor takes its new orders and their buyers' payments from here.
import { partitionOf } from '../platform/messaging/partitioning.js';
import { defineWorkQueue } from '../platform/messaging/work-queue.js';
import type { OrderMessage } from './order-command.js';

/** The partition of an order: its id's random tail, hashed like every other partition key. */
export function orderPartition(orderId: string, partitions: number): number {
  return partitionOf(parseInt(orderId.slice(-8), 16), partitions);
}

export const orderQueue = defineWorkQueue<OrderMessage>({
  name: 'order',
  stream: 'ORDERS',
  batchField: 'orders',
  partitionOf: (order, partitions) => orderPartition(order.id, partitions),
  // no dedupeId: a replayed key republishes its order on purpose; the actor's keyed inserts make it a no-op
});

/** Core NATS: "advance this order's saga now" (a cancel), taken by one orchestrator (queue group). */
export function orderAdvanceSubject(namespace: string): string {
  return `${namespace}.order-advance`;
}
