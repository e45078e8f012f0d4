// Redis clients for long-running roles. ioredis reconnects on its own when Redis restarts, but emits
// 'error' on every failed attempt; with no listener it prints "[ioredis] Unhandled error event" and a
// stack for each one, outside the structured log. Listened to here, each is one warn line.
import { Redis, type RedisOptions } from 'ioredis';
import { log } from '../log.js';

export function createRedis(url: string, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, options);
  redis.on('error', (err: unknown) => log('warn', 'Redis connection error; reconnecting', { err }));
  return redis;
}
