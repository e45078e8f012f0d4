// The durable pull consumer of one sale partition, filtered to that partition's subject.
import type { Consumer, JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { ensurePartitionConsumer } from '../../engine/platform/messaging/work-queue-stream.js';
import { saleStreamName, salePartitionConsumer, salePartitionSubject } from '../../engine/sale/sale-subjects.js';

export function ensureSalePartitionConsumer(
  jsm: JetStreamManager,
  js: JetStreamClient,
  namespace: string,
  partition: number,
  ackWaitMs: number,
): Promise<Consumer> {
  return ensurePartitionConsumer(jsm, js, {
    stream: saleStreamName(namespace),
    durable: salePartitionConsumer(partition),
    filterSubject: salePartitionSubject(namespace, partition),
    ackWaitMs,
  });
}
