// Publishes each owned partition's consumer lag (messages not yet delivered + delivered but not acked)
// as a gauge, polled every few seconds: the "queue lag" an operator watches during a sale. A partition
// this worker no longer owns drops out (its new owner reports it).
import type { JetStreamManager } from '@nats-io/jetstream';
import client from 'prom-client';
import { registry } from '../../engine/platform/metrics.js';

const consumerPending = new client.Gauge({
  name: 'gopang_jetstream_consumer_pending',
  help: 'Messages of a partition not yet acked by its worker (pending + unacknowledged)',
  labelNames: ['stream', 'partition'] as const,
  registers: [registry],
});

const POLL_MS = 5_000;

export function watchConsumerLag(jsm: JetStreamManager, stream: string, consumers: () => [partition: number, durable: string][]): { stop(): void } {
  const reported = new Set<number>();
  const poll = async () => {
    const now = consumers();
    for (const partition of reported) {
      if (now.some(([p]) => p === partition)) continue;
      consumerPending.remove(stream, String(partition));
      reported.delete(partition);
    }
    for (const [partition, durable] of now) {
      const info = await jsm.consumers.info(stream, durable).catch(() => undefined);
      if (!info) continue;
      consumerPending.labels(stream, String(partition)).set(info.num_pending + info.num_ack_pending);
      reported.add(partition);
    }
  };
  const timer = setInterval(() => void poll(), POLL_MS);
  timer.unref();
  void poll();
  return { stop: () => clearInterval(timer) };
}
