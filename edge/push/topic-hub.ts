// Topic fan-out of one edge. The edge subscribes to a topic's NATS subject only while at least one of
// its clients holds the topic (reference-counted), and writes each published payload to those clients.
//
// Why a Set per topic instead of uWS's built-in pub/sub: uWS's publish cannot tell which subscriber it
// skipped for backpressure, and a skipped client would silently miss a status. Here every write's
// status is seen, and a client past its backlog limit is dropped (and counted); it reconnects and
// re-reads state. It also lets JSON and msgpack clients share one topic, each frame encoded once.
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { wsFanoutDuration, wsMessagesDelivered, wsNatsSubscriptions } from '../../engine/push/push-metrics.js';
import { pushSubject } from '../../engine/push/push-subjects.js';
import { SEND_DROPPED, type Connection } from './connection.js';
import { EventFrames } from './ws-codec.js';

interface TopicEntry {
  members: Set<Connection>;
  subscription: Subscription;
}

export class TopicHub {
  private readonly topics = new Map<string, TopicEntry>();
  private settling?: Promise<void>;

  constructor(
    private readonly nc: NatsConnection,
    private readonly namespace: string,
    private readonly onSlowConsumer: (ws: Connection) => void,
  ) {}

  /** Number of topics (= NATS subscriptions) this edge holds. */
  get size(): number {
    return this.topics.size;
  }

  join(ws: Connection, topic: string): void {
    let entry = this.topics.get(topic);
    if (!entry) {
      const subscription = this.nc.subscribe(pushSubject(this.namespace, topic), {
        callback: (err, msg) => {
          if (!err) this.deliver(topic, msg.data);
        },
      });
      entry = { members: new Set(), subscription };
      this.topics.set(topic, entry);
      wsNatsSubscriptions.inc();
    }
    entry.members.add(ws);
    ws.getUserData().topics.add(topic);
  }

  leave(ws: Connection, topic: string): void {
    ws.getUserData().topics.delete(topic);
    const entry = this.topics.get(topic);
    if (!entry || !entry.members.delete(ws) || entry.members.size > 0) return;
    entry.subscription.unsubscribe();
    this.topics.delete(topic);
    wsNatsSubscriptions.dec();
  }

  leaveAll(ws: Connection): void {
    for (const topic of [...ws.getUserData().topics]) this.leave(ws, topic);
  }

  /**
   * Resolves once the NATS server has every subscription made so far, so a publish from then on
   * reaches the new members. Joins made in the same tick share one round trip.
   */
  settled(): Promise<void> {
    return (this.settling ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      this.settling = undefined;
      return this.nc.flush();
    }));
  }

  /** Writes one published payload to every local member of the topic. */
  deliver(topic: string, payload: Uint8Array): void {
    const entry = this.topics.get(topic);
    if (!entry) return;
    const started = performance.now();
    const frames = new EventFrames(topic, payload);
    let delivered = 0;
    for (const ws of entry.members) {
      const data = ws.getUserData();
      if (data.closed) continue;
      const bytes = frames.get(data.codec);
      let status = 1;
      ws.cork(() => (status = ws.send(bytes, data.codec === 'msgpack')));
      if (status === SEND_DROPPED) this.onSlowConsumer(ws); // closes it: safe while iterating a Set
      else delivered++;
    }
    wsMessagesDelivered.inc(delivered);
    wsFanoutDuration.observe((performance.now() - started) / 1000);
  }

  close(): void {
    for (const entry of this.topics.values()) entry.subscription.unsubscribe();
    this.topics.clear();
  }
}
