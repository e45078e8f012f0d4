// Remaining stock on `sale.<id>`, coalesced across edges to one message per sale per interval. The
// admission path only marks a sale as changed (no await, no publish); every interval this edge asks
// lua/claimStockPush-3.lua whether it may publish. The script hands out one slot per sale per interval
// to all edges together and answers the counter's current value, so no edge publishes a value older
// than one already out; a sale stays marked here until a publish after its last change went out, so
// the final value is never dropped.
import type { NatsConnection } from '@nats-io/transport-node';
import type { Result } from 'ioredis';
import { log } from '../platform/log.js';
import type { RedisClient } from '../platform/redis/redis-client.js';
import { saleKeys } from './sale-keys.js';
import { publishSaleSoldOut, publishSaleStock } from './sale-push.js';

/** Outcome codes of lua/claimStockPush-3.lua, as its header lists them. */
export enum StockPushCode {
  Publish = 0,
  Busy = 1,
  Unchanged = 2,
  NoCounters = 3,
}

type ClaimReply = [code: StockPushCode, remaining: number];

declare module 'ioredis' {
  interface RedisCommander<Context> {
    claimStockPush(...keysAndArgs: (string | number)[]): Result<ClaimReply, Context>;
  }
}

export class SaleStockPush {
  private readonly changed = new Set<number>();
  private timer?: NodeJS.Timeout;
  private ticking = false;
  private failing = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly nc: NatsConnection,
    private readonly namespace: string,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops ticking; a change not yet published gets a few more tries, so a shutdown does not drop the final value. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    for (let tries = 0; tries < 3 && this.changed.size > 0; tries++) {
      await new Promise((r) => setTimeout(r, this.intervalMs));
      await this.tick();
    }
  }

  /** A fresh admission left `remaining` units. The hot path's only call: a set insert, and a publish once per sale. */
  admitted(saleId: number, remaining: number): void {
    this.changed.add(saleId);
    // exactly one admission takes the last unit, on exactly one edge: that one announces the event
    if (remaining === 0) publishSaleSoldOut(this.nc, this.namespace, saleId);
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.changed.size === 0) return;
    this.ticking = true;
    const sales = [...this.changed];
    this.changed.clear();
    try {
      await Promise.all(sales.map((saleId) => this.offer(saleId)));
    } finally {
      this.ticking = false;
    }
  }

  private async offer(saleId: number): Promise<void> {
    const keys = saleKeys(this.namespace, saleId);
    try {
      const [code, remaining] = await this.redis.claimStockPush(keys.meta, keys.pushSlot, keys.pushed, this.intervalMs);
      this.failing = false;
      if (code === StockPushCode.Publish) publishSaleStock(this.nc, this.namespace, saleId, remaining);
      // another edge published within the interval, maybe before our change: ask again next tick
      else if (code === StockPushCode.Busy) this.changed.add(saleId);
    } catch (err) {
      this.changed.add(saleId);
      if (!this.failing) log('warn', 'could not claim a sale stock push; retrying every interval', { saleId, err });
      this.failing = true;
    }
  }
}
