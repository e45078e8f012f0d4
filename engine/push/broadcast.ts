// An operator's message to every signed-in client: published once on the `broadcast` topic, which
// every edge with a client holding it forwards to all of them.
import type { NatsConnection } from '@nats-io/transport-node';
import { publishPush } from './push-publisher.js';
import { BROADCAST_TOPIC } from './push-topics.js';
import type { BroadcastEvent } from './push-types.js';

export function publishBroadcast(nc: NatsConnection, namespace: string, message: string): { sentAt: string } {
  const event: BroadcastEvent = { type: 'broadcast', message, sentAt: new Date().toISOString() };
  publishPush(nc, namespace, BROADCAST_TOPIC, event);
  return { sentAt: event.sentAt };
}
