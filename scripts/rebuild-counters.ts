// Rebuilds the Redis inventory counters from Postgres: `npm run counters:rebuild`.
// Uses the engine's environment (DATABASE_URL, REDIS_URL, NATS_URL, ENGINE_NAMESPACE); waits for the
// reservation stream to drain first; prints progress lines.
import { jetstreamManager } from '@nats-io/jetstream';
import { connectNats } from '../engine/platform/messaging/nats-connection.js';
import { connectRedis } from '../engine/platform/redis/redis-client.js';
import { configOrExit, loadConfig } from '../engine/platform/config.js';
import { rebuildCounters } from '../engine/reservation/counter-rebuild.js';
import { createPool } from '../engine/platform/db/pool.js';

const config = configOrExit(loadConfig);
const db = createPool(config.databaseUrl, 2, config.postgres, 'jobs');
const redis = await connectRedis(config);
const nc = await connectNats(config.nats);
try {
  const started = Date.now();
  const deps = { db, redis, jsm: await jetstreamManager(nc) };
  const done = await rebuildCounters(deps, { namespace: config.namespace, idempotencyTtlSec: config.idempotencyTtlSec }, (p) => {
    process.stdout.write(`counters: ${p.skus}/${p.totalSkus} SKUs, ${p.holds} held reservations\n`);
  });
  process.stdout.write(`rebuilt ${done.skus} SKU counters and ${done.holds} held reservations (${done.answers} idempotency answers) in ${Date.now() - started} ms\n`);
} catch (err) {
  process.stderr.write(`rebuild failed: ${(err as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await nc.close();
  await db.end();
  redis.disconnect();
}
