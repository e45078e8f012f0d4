// An item's maxPerBuyer, enforced at order intake: the units a buyer orders of the item, over all
// their orders that are not cancelled, stay within it. Intake writes no Postgres row (the order actors
// do, moments later), so the count is Postgres's written orders plus the buyer's accepted orders not
// written yet, which this module notes in Redis. Checks of one buyer run one at a time under a short
// Redis lock, so two orders sent at once cannot both pass on the same count.
import type { Result } from 'ioredis';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { EngineError } from '../platform/errors.js';
import { defineLuaCommand, readLuaScript } from '../platform/redis/lua-scripts.js';
import type { RedisClient } from '../platform/redis/redis-client.js';
import { buyerItemKeys } from './order-keys.js';
import { buyerItemUnits, writtenOrderIds } from './order-rows.js';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    releaseLock(key: string, token: string): Result<number, Context>;
  }
}

/** A priced line's item, units and cap. */
export interface CappedLine {
  itemId: number;
  units: number;
  maxPerBuyer: number;
}

const LOCK_TTL_MS = 5_000;
const LOCK_WAIT_MS = 3_000;
const LOCK_RETRY_MS = 5;

export class BuyerItemLimit {
  constructor(
    private readonly db: pg.Pool,
    private readonly redis: RedisClient,
    private readonly namespace: string,
    /** an accepted order not written after this long never will be (its hold expired): it stops counting here */
    private readonly pendingTtlMs: number,
    luaDir: string,
  ) {
    defineLuaCommand(redis, readLuaScript(luaDir, 'releaseLock'));
  }

  /**
   * Runs `accept` (which takes the hold and answers the order id, or undefined when refused) once the
   * buyer's capped lines fit; MAX_PER_BUYER_EXCEEDED otherwise. A replayed Idempotency-Key (`isReplay`)
   * is not checked again: it answers the order it took.
   */
  async within(
    userId: number,
    holdKey: string,
    lines: CappedLine[],
    isReplay: () => Promise<boolean>,
    accept: () => Promise<string | undefined>,
  ): Promise<void> {
    if (lines.length === 0) {
      await accept();
      return;
    }
    const { pending: pendingKey, lock } = buyerItemKeys(this.namespace, userId);
    const release = await this.lock(lock);
    try {
      if (!(await isReplay())) await this.check(userId, pendingKey, lines);
      const orderId = await accept();
      if (orderId !== undefined) {
        await this.redis.multi().hset(pendingKey, holdKey, JSON.stringify({ orderId, at: Date.now(), lines: lines.map((l) => [l.itemId, l.units]) }))
          .pexpire(pendingKey, this.pendingTtlMs).exec();
      }
    } finally {
      await release();
    }
  }

  private async check(userId: number, pendingKey: string, lines: CappedLine[]): Promise<void> {
    const pending = Object.entries(await this.redis.hgetall(pendingKey)).map(([key, value]) => ({ key, ...(JSON.parse(value) as Pending) }));
    const written = await writtenOrderIds(this.db, pending.map((p) => p.orderId));
    const stale = pending.filter((p) => written.has(p.orderId) || p.at < Date.now() - this.pendingTtlMs);
    if (stale.length > 0) await this.redis.hdel(pendingKey, ...stale.map((p) => p.key));
    const used = await buyerItemUnits(this.db, userId, lines.map((l) => l.itemId));
    for (const p of pending) {
      if (stale.includes(p)) continue;
      for (const [itemId, units] of p.lines) used.set(itemId, (used.get(itemId) ?? 0) + units);
    }
    for (const line of lines) {
      const had = used.get(line.itemId) ?? 0;
      if (had + line.units > line.maxPerBuyer) {
        throw new EngineError('MAX_PER_BUYER_EXCEEDED', `item ${line.itemId} allows ${line.maxPerBuyer} units per buyer; you have ${had} on earlier orders`);
      }
    }
  }

  private async lock(key: string): Promise<() => Promise<void>> {
    const token = randomUUID();
    const until = Date.now() + LOCK_WAIT_MS;
    while ((await this.redis.set(key, token, 'PX', LOCK_TTL_MS, 'NX')) !== 'OK') {
      if (Date.now() > until) throw new EngineError('UNAVAILABLE', 'another order of yours is being taken; retry with the same Idempotency-Key');
      await new Promise((r) => setTimeout(r, LOCK_RETRY_MS));
    }
    // released only while still ours (a lock that outlived its TTL may be someone else's now)
    return async () => {
      await this.redis.releaseLock(key, token);
    };
  }
}

interface Pending {
  orderId: string;
  at: number;
  lines: [number, number][];
}
