// Redis clients for long-running roles. ioredis reconnects on its own when Redis restarts, but emits
// 'error' on every failed attempt; with no listener it prints "[ioredis] Unhandled error event" and a
// stack for each one, outside the structured log. Listened to here, each is one warn line.
//
// Never waiting without bound (issue #15 finding 10): every command fails after REDIS_COMMAND_TIMEOUT_MS,
// and there is no offline queue. With one, a command sent while Redis is unreachable waited for the
// reconnection (20 of them, ~10 s, by default), requests piled up behind it, and the commands whose
// callers had long given up ran all at once when Redis came back. Without it such a command fails at
// once: the edge answers 503 and the client retries with its Idempotency-Key. The role waits for the
// first connection at start instead, so nothing fails only because it ran before Redis answered.
import { Redis, type RedisOptions } from 'ioredis';
import type { RedisTimeouts } from '../config.js';
import { log } from '../log.js';

export async function connectRedis(url: string, timeouts: RedisTimeouts, options: RedisOptions = {}): Promise<Redis> {
  const redis = new Redis(url, {
    ...options,
    enableOfflineQueue: false,
    commandTimeout: timeouts.commandTimeoutMs > 0 ? timeouts.commandTimeoutMs : undefined, // 0: off
  });
  redis.on('error', (err: unknown) => log('warn', 'Redis connection error; reconnecting', { err }));
  await new Promise((resolve) => redis.once('ready', resolve));
  return redis;
}
