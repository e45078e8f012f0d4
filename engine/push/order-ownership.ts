// Who owns an order, for the `order.<id>` topic. Orders are the flash-sale orders table for now
// (engine/platform/db/migrations/001_sales_and_orders.sql: id = ticket UUID, user_id).
import type pg from 'pg';

export async function orderOwner(db: pg.Pool, orderId: string): Promise<number | undefined> {
  const { rows } = await db.query<{ user_id: string }>('SELECT user_id FROM orders WHERE id = $1 LIMIT 1', [orderId]);
  return rows[0] ? Number(rows[0].user_id) : undefined;
}
