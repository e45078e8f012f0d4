// Each test file gets its own namespace: Postgres database, Redis key prefix, NATS streams and subjects,
// removed again by cleanup(), so parallel runs and leftovers never collide.
import { randomBytes } from 'node:crypto';
import { connectNats } from '../../engine/platform/messaging/nats-connection.js';
import { jetstreamManager } from '@nats-io/jetstream';
import pg from 'pg';
import { loadConfig, type EngineConfig } from '../../engine/platform/config.js';
import { createRedis, masters } from '../../engine/platform/redis/redis-client.js';
import { prepareDatabase } from '../../engine/platform/db/prepare-database.js';
import { allWorkQueues } from '../../engine/work-queues.js';

export interface TestNamespace {
  name: string;
  /** Environment for child processes of this namespace. */
  env: NodeJS.ProcessEnv;
  config: EngineConfig;
  cleanup(): Promise<void>;
}

export async function createTestNamespace(overrides: NodeJS.ProcessEnv = {}): Promise<TestNamespace> {
  const name = `t${randomBytes(5).toString('hex')}`;
  // a DATABASE_URL override names the server (a private one, say); the database is always the namespace's
  const base = loadConfig({ ...process.env, ...overrides });
  const dbUrl = new URL(base.databaseUrl);
  dbUrl.pathname = `/gopang_${name}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ENGINE_NAMESPACE: name,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    METRICS_PORT_BASE: '0', // parallel test runs must not fight over fixed ports
    // every test client is 127.0.0.1 and load tests send thousands per second: tests that check the limits turn them on
    IP_RATE_LIMIT_PER_SEC: '0',
    USER_RATE_LIMIT_PER_SEC: '0',
    AUTH_REGISTER_IP_LIMIT: '1000000',
    // a cheap scrypt (the production N = 2^17 takes most of a second per account): tests that are about the cost set it
    AUTH_SCRYPT_COST: '1024',
    // tests send many logins at once on small machines (one hashing thread on two cores): the test that checks the bound sets it
    AUTH_HASH_QUEUE_MAX: '1000',
    // the issuer of every role of the namespace, also of edges started on other ports (PUBLIC_URL is the issuer)
    PUBLIC_URL: base.publicUrl,
    ...overrides,
    DATABASE_URL: dbUrl.toString(),
  };
  const config = loadConfig(env);
  await prepareDatabase(config).catch(async (err: unknown) => {
    await removeNamespace(config).catch(() => {}); // no half-migrated database left behind
    throw err;
  });
  return { name, env, config, cleanup: () => removeNamespace(config) };
}

async function removeNamespace(config: EngineConfig): Promise<void> {
  const redis = createRedis(config);
  try {
    await new Promise((resolve) => redis.once('ready', resolve));
    // SCAN sees one node's keys: on a cluster, each master's; one UNLINK per key, as a cluster's keys span slots
    for (const node of masters(redis)) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', `${config.namespace}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await node.pipeline(keys.map((key) => ['unlink', key])).exec();
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
  const nc = await connectNats(config.nats);
  try {
    const jsm = await jetstreamManager(nc);
    for (const queue of allWorkQueues) await jsm.streams.delete(queue.streamName(config.namespace)).catch(() => false);
  } finally {
    await nc.close();
  }
  const url = new URL(config.databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
