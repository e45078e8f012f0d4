// Worker process: owns a share of the sale partitions and runs one ordered actor for each.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import pg from 'pg';
import { loadConfig } from '../engine/config.js';
import { log, setLogRole } from '../engine/log.js';
import { ownedPartitions } from '../engine/partitioning.js';
import { ensureSaleStream } from '../engine/sale/sale-stream.js';
import { OrderWriter } from './order-writer.js';
import { ensurePartitionConsumer } from './partition-consumers.js';
import { SalePartitionActor } from './sale-partition-actor.js';
import { ticketCompleter } from './ticket-completion.js';

setLogRole('worker');
const config = loadConfig();
const redis = new Redis(config.redisUrl, { enableAutoPipelining: true });
const nc = await connect({ servers: config.natsUrl, maxReconnectAttempts: -1 });
const db = new pg.Pool({ connectionString: config.databaseUrl, max: 4 });
const jsm = await jetstreamManager(nc);
const js = jetstream(nc);
await ensureSaleStream(jsm, config.namespace);

const writer = new OrderWriter(db);
const afterCommit = ticketCompleter(redis, nc, config.namespace);
const partitions = ownedPartitions(config.partitions, config.worker.index, config.worker.count);
const actors: SalePartitionActor[] = [];
for (const partition of partitions) {
  const consumer = await ensurePartitionConsumer(jsm, js, config.namespace, partition, config.worker.ackWaitMs);
  const actor = new SalePartitionActor(consumer, writer, {
    partition,
    batchMaxMessages: config.worker.batchMaxMessages,
    afterCommit,
  });
  await actor.start();
  actors.push(actor);
}
log('info', 'started', { partitions });

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all(actors.map((a) => a.stop()));
  await nc.drain().catch(() => {});
  await db.end();
  redis.disconnect();
  log('info', 'stopped');
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
