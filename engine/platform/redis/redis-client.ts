// Redis clients for long-running roles: one Redis, or a Redis Cluster when the configuration names one
// (REDIS_CLUSTER_NODES or a redis+cluster:// REDIS_URL). Every script keeps its keys in one slot (one hash
// tag), and the few pipelines that span keys are grouped per slot by their callers, so both run the same code.
//
// ioredis reconnects on its own when Redis restarts, but emits 'error' on every failed attempt; with no
// listener it prints "[ioredis] Unhandled error event" and a stack for each one, outside the structured
// log. Listened to here, each is one warn line.
//
// Never waiting without bound (issue #15 finding 10): every command fails after REDIS_COMMAND_TIMEOUT_MS,
// and there is no offline queue. With one, a command sent while Redis is unreachable waited for the
// reconnection (20 of them, ~10 s, by default), requests piled up behind it, and the commands whose
// callers had long given up ran all at once when Redis came back. Without it such a command fails at
// once: the edge answers 503 and the client retries with its Idempotency-Key. The role waits for the
// first connection at start instead, so nothing fails only because it ran before Redis answered.
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { EngineConfig } from '../config.js';
import { log } from '../log.js';

/** A single Redis or a Redis Cluster. */
export type RedisClient = Redis | Cluster;

/** What a Redis client is built from. */
export type RedisSettings = Pick<EngineConfig, 'redisUrl' | 'redisCluster' | 'redis'>;

/** Options both kinds of client take (the cluster passes the per-connection ones to each node). */
export type RedisClientOptions = Pick<RedisOptions, 'enableAutoPipelining' | 'lazyConnect' | 'maxRetriesPerRequest'> & {
  /** false: a lost connection is not retried (one-shot checks) */
  reconnect?: boolean;
};

/** The client of `settings`, not yet connected: a Cluster over the seeds of `redisCluster`, else one Redis at `redisUrl`. */
export function createRedis(settings: RedisSettings, options: RedisClientOptions = {}): RedisClient {
  const { reconnect = true, enableAutoPipelining, lazyConnect, maxRetriesPerRequest } = options;
  const commandTimeout = settings.redis.commandTimeoutMs > 0 ? settings.redis.commandTimeoutMs : undefined; // 0: off
  if (!settings.redisCluster) {
    return new Redis(settings.redisUrl, {
      enableAutoPipelining, lazyConnect, maxRetriesPerRequest, commandTimeout,
      enableOfflineQueue: false,
      ...(reconnect ? {} : { retryStrategy: () => null }),
    });
  }
  const { nodes, username, password } = settings.redisCluster;
  const clusterOptions: ClusterOptions = {
    enableAutoPipelining, lazyConnect,
    enableOfflineQueue: false,
    redisOptions: { username, password, commandTimeout, maxRetriesPerRequest },
    ...(reconnect ? {} : { clusterRetryStrategy: () => null }),
  };
  return new Cluster(nodes, clusterOptions);
}

/** Whether `redis` is a Cluster client. */
export function isCluster(redis: RedisClient): redis is Cluster {
  return redis instanceof Cluster;
}

/** A connected client of a long-running role; resolves once Redis (every slot, on a cluster) answers. */
export async function connectRedis(settings: RedisSettings, options: RedisClientOptions = {}): Promise<RedisClient> {
  const redis = createRedis(settings, options);
  redis.on('error', (err: unknown) => log('warn', 'Redis connection error; reconnecting', { err }));
  await new Promise((resolve) => redis.once('ready', resolve));
  return redis;
}

/** Every master: one Redis, or each master of a cluster (SCAN, CONFIG and DBSIZE answer per node). */
export function masters(redis: RedisClient): Redis[] {
  return isCluster(redis) ? redis.nodes('master') : [redis];
}
