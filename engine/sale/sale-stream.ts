// The JetStream stream of admitted tickets: one subject per partition (see engine/messaging).
import type { JetStreamManager } from '@nats-io/jetstream';
import { ensureWorkQueueStream } from '../messaging/work-queue-stream.js';
import { saleStreamName, salePartitionWildcard } from '../subjects.js';

export function ensureSaleStream(jsm: JetStreamManager, namespace: string, replicas: number): Promise<void> {
  return ensureWorkQueueStream(jsm, saleStreamName(namespace), [salePartitionWildcard(namespace)], replicas);
}
