// The work queue of order ids whose saga should advance, partitioned by order id (the orchestrator
// consumes every partition).
import { partitionOf } from '../platform/messaging/partitioning.js';
import { defineWorkQueue } from '../platform/messaging/work-queue.js';

export const orderQueue = defineWorkQueue<string>({
  name: 'order',
  stream: 'ORDERS',
  batchField: 'orderIds',
  // an order id's random tail, hashed like every other partition key
  partitionOf: (orderId, partitions) => partitionOf(parseInt(orderId.slice(-8), 16), partitions),
  // no dedupeId: the same order is published again on purpose (a cancel after intake); the saga is idempotent
});
