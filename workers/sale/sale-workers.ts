// The flash-sale side of a worker process: starts the ordered actor of a partition this worker leased.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { RedisClient } from '../../engine/platform/redis/redis-client.js';
import type pg from 'pg';
import type { EngineConfig } from '../../engine/platform/config.js';
import { ensurePartitionConsumer, ensureWorkQueueStream } from '../../engine/platform/messaging/work-queue-stream.js';
import { saleQueue } from '../../engine/sale/sale-queue.js';
import { watchConsumerLag } from '../partitions/consumer-lag.js';
import { OrderWriter } from './ticket-writer.js';
import type { PartitionWork } from '../partitions/partition-ownership.js';
import { SalePartitionActor } from './sale-partition-actor.js';
import { ticketCompleter } from './ticket-completion.js';

export interface SaleSide {
  startActor(partition: number): Promise<PartitionWork>;
  /** reports the consumer lag of the partitions `owned` answers (those leased now) */
  watchLag(owned: () => number[]): { stop(): void };
}

export async function saleSide(config: EngineConfig, redis: RedisClient, nc: NatsConnection, db: pg.Pool): Promise<SaleSide> {
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  await ensureWorkQueueStream(jsm, saleQueue, config.namespace, config.natsStreamReplicas);
  const writer = new OrderWriter(db, config.orders.salePaymentWindowSec * 1000);
  const afterCommit = ticketCompleter(redis, nc, config.namespace);
  return {
    async startActor(partition) {
      const consumer = await ensurePartitionConsumer(jsm, js, saleQueue, { namespace: config.namespace, partition, ackWaitMs: config.worker.ackWaitMs });
      const actor = new SalePartitionActor(consumer, writer, { partition, batchMaxMessages: config.worker.batchMaxMessages, lingerMs: config.worker.batchLingerMs, afterCommit });
      await actor.start();
      return actor;
    },
    watchLag: (owned) => watchConsumerLag(jsm, saleQueue.streamName(config.namespace), () => owned().map((p) => [p, saleQueue.consumerName(p)])),
  };
}
