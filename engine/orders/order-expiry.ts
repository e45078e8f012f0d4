// Orders unpaid at their payBy become EXPIRED, and a flash-sale order's units go back on sale exactly
// once. One pass, run by the orchestrator every ORDER_EXPIRY_INTERVAL_MS:
//   1. one transaction: due AWAITING_PAYMENT orders -> EXPIRED (a flash-sale one at step RETURN_UNITS),
//      and each sale's durable `sold` lowered by its expired units (one UPDATE per sale);
//   2. Redis: lua/returnUnits-2.lua puts each sale's units back, marking every ticket it returns, so a
//      pass run again after a crash (kill -9 between 1 and 3) returns nothing twice; the sale reopens;
//   3. the orders leave RETURN_UNITS (COMPENSATED).
// Postgres first: a unit back in Redis before `sold` dropped could be admitted and overrun the sale's
// stock CHECK. A reservation checkout's units are its hold's: the hold's own expiry returns them.
import type { NatsConnection } from '@nats-io/transport-node';
import type { RedisClient } from '../platform/redis/redis-client.js';
import type pg from 'pg';
import { inTransaction } from '../platform/db/transaction.js';
import { announceReopened, returnUnits } from '../sale/unit-return.js';
import { pushOrderStatus } from './order-events.js';
import { expiredOrders, unitsReturned } from './order-metrics.js';
import { expireDueOrders, finishUnitReturns, lowerSoldUnits, ordersReturningUnits } from './order-expiry-rows.js';

export interface ExpiryDeps {
  db: pg.Pool;
  redis: RedisClient;
  nc: NatsConnection;
  namespace: string;
  batch: number;
  /** called with a sale that has units on sale again (the stock push) */
  onReopened?(saleId: number, remaining: number): void;
}

export class OrderExpiry {
  constructor(private readonly deps: ExpiryDeps) {}

  /** One pass; answers how many orders expired in it. */
  async run(): Promise<number> {
    const { db, nc, namespace, batch } = this.deps;
    const expired = await inTransaction(db, async (client) => {
      const orders = await expireDueOrders(client, batch);
      await lowerSoldUnits(client, orders.map((o) => o.id));
      return orders;
    });
    for (const o of expired) pushOrderStatus(nc, namespace, o.userId, o.id, 'EXPIRED');
    expiredOrders.inc(expired.length);
    // this pass's orders and any a crashed pass left at RETURN_UNITS
    await this.returnUnits();
    return expired.length;
  }

  private async returnUnits(): Promise<void> {
    const { db, redis, nc, namespace, batch } = this.deps;
    const returning = await ordersReturningUnits(db, batch);
    if (returning.length === 0) return;
    const bySale = new Map<number, string[]>();
    for (const o of returning) bySale.set(o.saleId, [...(bySale.get(o.saleId) ?? []), o.id]);
    for (const [saleId, ids] of bySale) {
      const { returned, remaining } = await returnUnits(redis, namespace, saleId, ids);
      unitsReturned.inc(returned);
      if (returned > 0 && remaining > 0) {
        announceReopened(nc, namespace, saleId);
        this.deps.onReopened?.(saleId, remaining);
      }
    }
    await finishUnitReturns(db, returning.map((o) => o.id));
  }
}
