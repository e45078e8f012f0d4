// The flash-sale side of a worker process: one ordered actor per owned partition.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { EngineConfig } from '../engine/config.js';
import { ownedPartitions } from '../engine/partitioning.js';
import { ensureSaleStream } from '../engine/sale/sale-stream.js';
import { salePartitionConsumer, saleStreamName } from '../engine/subjects.js';
import { watchConsumerLag } from './consumer-lag.js';
import { OrderWriter } from './order-writer.js';
import { ensureSalePartitionConsumer } from './partition-consumers.js';
import { SalePartitionActor } from './sale-partition-actor.js';
import { ticketCompleter } from './ticket-completion.js';

export interface SaleWorkers {
  partitions: number[];
  stop(): Promise<void>;
}

export async function startSaleActors(config: EngineConfig, redis: Redis, nc: NatsConnection, db: pg.Pool): Promise<SaleWorkers> {
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  await ensureSaleStream(jsm, config.namespace);
  const writer = new OrderWriter(db);
  const afterCommit = ticketCompleter(redis, nc, config.namespace);
  const partitions = ownedPartitions(config.partitions, config.worker.index, config.worker.count);
  const actors: SalePartitionActor[] = [];
  for (const partition of partitions) {
    const consumer = await ensureSalePartitionConsumer(jsm, js, config.namespace, partition, config.worker.ackWaitMs);
    const actor = new SalePartitionActor(consumer, writer, { partition, batchMaxMessages: config.worker.batchMaxMessages, afterCommit });
    await actor.start();
    actors.push(actor);
  }
  const lag = watchConsumerLag(jsm, saleStreamName(config.namespace), partitions.map((p) => [p, salePartitionConsumer(p)]));
  return {
    partitions,
    async stop() {
      lag.stop();
      await Promise.all(actors.map((a) => a.stop()));
    },
  };
}
