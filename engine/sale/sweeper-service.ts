// Runs the pending-ticket sweeper with its own connections, as one service of the scheduler process.
import { jetstream } from '@nats-io/jetstream';
import { connectNats } from '../platform/messaging/nats-connection.js';
import { connectRedis } from '../platform/redis/redis-client.js';
import type { EngineConfig } from '../platform/config.js';
import { PendingSweeper } from './pending-sweeper.js';
import { TicketPublisher } from './ticket-publisher.js';
import { createPool } from '../platform/db/pool.js';

export async function startSweeperService(config: EngineConfig): Promise<{ stop(): Promise<void> }> {
  const redis = await connectRedis(config);
  const nc = await connectNats(config.nats, { maxReconnectAttempts: -1 });
  const db = createPool(config.databaseUrl, 2, config.postgres, 'jobs');
  const publisher = new TicketPublisher(jetstream(nc), config);
  const sweeper = new PendingSweeper(db, redis, publisher, { namespace: config.namespace, ...config.sweeper });
  sweeper.start();
  return {
    async stop() {
      await sweeper.stop();
      await publisher.drain();
      await nc.drain().catch(() => {});
      await db.end();
      redis.disconnect();
    },
  };
}
