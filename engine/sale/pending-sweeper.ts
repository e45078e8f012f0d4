// The safety net behind the Redis outbox: tickets still pending after minAgeMs (their edge died
// before publishing, or a publish failed) are published again. JetStream dedupe and the order
// primary key make a second publish of the same ticket harmless.
import type { RedisClient } from '../platform/redis/redis-client.js';
import type pg from 'pg';
import { log } from '../platform/log.js';
import { ticketsSwept } from '../platform/metrics.js';
import { saleKeys } from './sale-keys.js';
import { recentSaleIds } from './sale-store.js';
import type { TicketRecord } from './sale-wire-types.js';
import { decodeTicketEntry } from './ticket-entry.js';
import type { TicketPublisher } from './ticket-publisher.js';

const SWEEP_BATCH = 5_000;
/** Sales that ended longer ago than this are not swept (their tickets were long since applied). */
const SWEEP_HORIZON = '7 days';

export interface SweeperOptions {
  namespace: string;
  intervalMs: number;
  minAgeMs: number;
}

export class PendingSweeper {
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<number>;

  constructor(
    private readonly db: pg.Pool,
    private readonly redis: RedisClient,
    private readonly publisher: TicketPublisher,
    private readonly options: SweeperOptions,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.sweeping ??= this.sweepOnce()
        .catch((err: unknown) => {
          log('warn', 'sweep failed', { err });
          return 0;
        })
        .finally(() => (this.sweeping = undefined));
    }, this.options.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** Republishes every ticket pending longer than minAgeMs; returns how many. */
  async sweepOnce(): Promise<number> {
    const saleIds = await recentSaleIds(this.db, SWEEP_HORIZON);
    const [seconds, micros] = await this.redis.time();
    const cutoff = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) - this.options.minAgeMs;
    let swept = 0;
    for (const saleId of saleIds) {
      const keys = saleKeys(this.options.namespace, saleId);
      const ticketIds = await this.redis.zrangebyscore(keys.pending, 0, cutoff, 'LIMIT', 0, SWEEP_BATCH);
      if (ticketIds.length === 0) continue;
      const entries = await this.redis.hmget(keys.tickets, ...ticketIds);
      const tickets: TicketRecord[] = [];
      ticketIds.forEach((ticketId, i) => {
        const entry = entries[i] === null ? undefined : decodeTicketEntry(entries[i]!);
        if (entry) tickets.push([saleId, ticketId, entry.userId, entry.quantity, '', entry.idempotencyKey]);
      });
      if (tickets.length === 0) continue;
      await this.publisher.publishNow(tickets);
      // restart their clock (XX: never re-adds one a worker removed meanwhile), so a worker that is merely
      // behind gets each ticket again at most once per minAgeMs, not on every sweep
      await this.redis.zadd(keys.pending, 'XX', ...tickets.flatMap(([, ticketId]) => [cutoff + this.options.minAgeMs, ticketId]));
      swept += tickets.length;
    }
    if (swept > 0) {
      ticketsSwept.inc(swept);
      log('info', 'republished pending tickets', { swept });
    }
    return swept;
  }
}
