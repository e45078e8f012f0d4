// The JetStream stream of admitted reservations and its per-partition durable consumers (see engine/platform/messaging).
import type { Consumer, JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { ensurePartitionConsumer, ensureWorkQueueStream } from '../platform/messaging/work-queue-stream.js';
import {
  reservationConsumerName,
  reservationPartitionSubject,
  reservationPartitionWildcard,
  reservationStreamName,
} from './reservation-subjects.js';

export function ensureReservationStream(jsm: JetStreamManager, namespace: string, replicas: number): Promise<void> {
  return ensureWorkQueueStream(jsm, reservationStreamName(namespace), [reservationPartitionWildcard(namespace)], replicas);
}

export function ensureReservationConsumer(
  jsm: JetStreamManager,
  js: JetStreamClient,
  namespace: string,
  partition: number,
  ackWaitMs: number,
): Promise<Consumer> {
  return ensurePartitionConsumer(jsm, js, {
    stream: reservationStreamName(namespace),
    durable: reservationConsumerName(partition),
    filterSubject: reservationPartitionSubject(namespace, partition),
    ackWaitMs,
  });
}
