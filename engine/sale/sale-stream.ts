// The JetStream stream of admitted tickets: one subject per partition (see engine/platform/messaging).
import type { JetStreamManager } from '@nats-io/jetstream';
import { ensureWorkQueueStream } from '../platform/messaging/work-queue-stream.js';
import { saleStreamName, salePartitionWildcard } from './sale-subjects.js';

export function ensureSaleStream(jsm: JetStreamManager, namespace: string, replicas: number): Promise<void> {
  return ensureWorkQueueStream(jsm, saleStreamName(namespace), [salePartitionWildcard(namespace)], replicas);
}
