// One durable pull consumer per partition, filtered to that partition's subject.
import { AckPolicy, DeliverPolicy, type Consumer, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { saleStreamName, salePartitionSubject } from '../engine/subjects.js';

export function partitionConsumerName(partition: number): string {
  return `sale-p${partition}`;
}

export async function ensurePartitionConsumer(
  jsm: JetStreamManager,
  js: JetStreamClient,
  namespace: string,
  partition: number,
  ackWaitMs: number,
): Promise<Consumer> {
  const stream = saleStreamName(namespace);
  const config = {
    durable_name: partitionConsumerName(partition),
    filter_subject: salePartitionSubject(namespace, partition),
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: ackWaitMs * 1e6,
    max_ack_pending: 20_000,
  };
  try {
    await jsm.consumers.add(stream, config);
  } catch {
    // it exists (another worker or an earlier run): bring its settings up to date
    const { durable_name: _name, filter_subject: _subject, deliver_policy: _deliver, ack_policy: _ack, ...updatable } = config;
    await jsm.consumers.update(stream, config.durable_name, updatable);
  }
  return js.consumers.get(stream, config.durable_name);
}
