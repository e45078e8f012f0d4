// SQL of the order expiry (order-expiry.ts): whole batches, one statement each.
import type pg from 'pg';
import { insertOrderEvents } from './order-events.js';

/**
 * Due AWAITING_PAYMENT orders -> EXPIRED: a flash-sale order at step RETURN_UNITS (its units go back
 * next), a hold's checkout COMPENSATED (its hold expires on its own). An order whose payment is being
 * started (row locked by an actor) is skipped and seen again in the next pass; one being charged is not
 * at AWAIT_PAYMENT and is left to its payment.
 */
export async function expireDueOrders(client: pg.PoolClient, limit: number): Promise<{ id: string; userId: number }[]> {
  const { rows } = await client.query<{ id: string; user_id: string }>(
    `WITH due AS (
       SELECT id FROM shop_orders
       WHERE status = 'AWAITING_PAYMENT' AND saga_step = 'AWAIT_PAYMENT' AND pay_by <= now()
       ORDER BY pay_by LIMIT $1 FOR UPDATE SKIP LOCKED)
     UPDATE shop_orders o SET status = 'EXPIRED',
       saga_step = CASE WHEN o.reservation_id IS NULL THEN 'RETURN_UNITS' ELSE 'COMPENSATED' END,
       failure_code = 'PAYMENT_WINDOW_CLOSED', card_token = NULL, version = o.version + 1, updated_at = now()
     FROM due WHERE o.id = due.id
     RETURNING o.id, o.user_id`,
    [limit],
  );
  await insertOrderEvents(client, rows.map((r) => ({
    id: r.id, type: 'STATUS', from: 'AWAITING_PAYMENT', to: 'EXPIRED', detail: { reason: 'PAYMENT_WINDOW_CLOSED' },
  })));
  return rows.map((r) => ({ id: r.id, userId: Number(r.user_id) }));
}

/** Each sale's durable `sold` drops by the units of these (just expired) orders: one UPDATE per sale. */
export async function lowerSoldUnits(client: pg.PoolClient, orderIds: string[]): Promise<void> {
  if (orderIds.length === 0) return;
  await client.query(
    `UPDATE sales s SET sold = s.sold - x.units, version = s.version + 1
     FROM (SELECT sale_id, sum(quantity)::int AS units FROM shop_order_items
           WHERE order_id = ANY($1::uuid[]) AND sale_id IS NOT NULL GROUP BY sale_id) x
     WHERE s.id = x.sale_id`,
    [orderIds],
  );
}

/** Expired flash-sale orders whose units are not back in Redis yet, with their sale. */
export async function ordersReturningUnits(db: pg.Pool, limit: number): Promise<{ id: string; saleId: number }[]> {
  const { rows } = await db.query<{ id: string; sale_id: string }>(
    `SELECT o.id, i.sale_id FROM shop_orders o JOIN shop_order_items i ON i.order_id = o.id
     WHERE o.saga_step = 'RETURN_UNITS' AND i.sale_id IS NOT NULL ORDER BY o.updated_at LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({ id: r.id, saleId: Number(r.sale_id) }));
}

export async function finishUnitReturns(db: pg.Pool, orderIds: string[]): Promise<void> {
  await db.query(
    `UPDATE shop_orders SET saga_step = 'COMPENSATED', version = version + 1, updated_at = now()
     WHERE id = ANY($1::uuid[]) AND saga_step = 'RETURN_UNITS'`,
    [orderIds],
  );
}
