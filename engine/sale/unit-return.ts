// Units of expired flash-sale orders back on sale, in Redis (lua/returnUnits-2.lua: at most once per
// ticket), and the word to every edge that the sale is open again: each edge drops its sold-out memory
// of the sale (sold-out-registry.ts), so the next attempt goes to Redis and can be admitted.
import type { NatsConnection } from '@nats-io/transport-node';
import type { Result } from 'ioredis';
import { defineLuaCommand, readLuaScript } from '../platform/redis/lua-scripts.js';
import type { RedisClient } from '../platform/redis/redis-client.js';
import { saleKeys } from './sale-keys.js';
import { reopenedSubject } from './sale-subjects.js';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    returnUnits(...keysAndArgs: (string | number)[]): Result<[returned: number, remaining: number], Context>;
  }
}

export function defineUnitReturnScript(redis: RedisClient, luaDir: string): void {
  defineLuaCommand(redis, readLuaScript(luaDir, 'returnUnits'));
}

export interface UnitReturn {
  /** units this call put back (0 when every ticket was returned before) */
  returned: number;
  /** units on sale after it; -1 when the sale's counters are missing */
  remaining: number;
}

/** Puts the units of these tickets (one sale's expired orders) back on sale; a ticket returned before counts nothing. */
export async function returnUnits(redis: RedisClient, namespace: string, saleId: number, ticketIds: string[]): Promise<UnitReturn> {
  const keys = saleKeys(namespace, saleId);
  const [returned, remaining] = await redis.returnUnits(keys.meta, keys.tickets, ...ticketIds);
  return { returned, remaining };
}

/** Tells every edge the sale has units again. */
export function announceReopened(nc: NatsConnection, namespace: string, saleId: number): void {
  nc.publish(reopenedSubject(namespace, saleId));
}
