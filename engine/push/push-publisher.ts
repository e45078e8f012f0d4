// Publishing to push topics from anywhere in the engine: the payload travels as JSON text on the
// topic's NATS subject, and every edge holding a client of that topic forwards it without re-encoding.
import type { NatsConnection } from '@nats-io/transport-node';
import { pushSubject } from './push-subjects.js';
import type { PushTopic } from './push-topics.js';

export function publishPush(nc: NatsConnection, namespace: string, topic: PushTopic, payload: unknown): void {
  nc.publish(pushSubject(namespace, topic), JSON.stringify(payload));
}

/** The same payload on several topics, encoded once. */
export function publishPushToAll(nc: NatsConnection, namespace: string, topics: readonly PushTopic[], payload: unknown): void {
  const text = JSON.stringify(payload);
  for (const topic of topics) nc.publish(pushSubject(namespace, topic), text);
}
