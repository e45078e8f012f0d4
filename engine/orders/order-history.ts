// The buyer tidies their order list: a final order (delivered, or ended without delivery, with its
// saga finished) is hidden from GET /api/v1/orders. Only the list: the order stays readable by id, with
// its receipt and its returns. An order still moving is refused.
import type pg from 'pg';
import { EngineError } from '../platform/errors.js';
import type { OrderStatus } from './order-types.js';

const finalStatuses: readonly OrderStatus[] = ['DELIVERED', 'EXPIRED', 'CANCELLED', 'PAYMENT_CANCELLED', 'SELLER_CANCELLED'];
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Hides the caller's final order from their list; hiding it again changes nothing. Not versioned: the
 * flag only ever goes from false to true and is the buyer's alone, so no write can be lost.
 */
export async function hideFinalOrder(db: pg.Pool, orderId: string, userId: number): Promise<void> {
  if (!uuid.test(orderId)) throw new EngineError('NOT_FOUND', 'order not found');
  const hidden = await db.query(
    `UPDATE shop_orders SET hidden_from_buyer = true
     WHERE id = $1 AND user_id = $2 AND status = ANY($3::text[]) AND saga_step IN ('DONE', 'COMPENSATED')`,
    [orderId, userId, finalStatuses],
  );
  if (hidden.rowCount !== 0) return;
  const { rows } = await db.query<{ status: OrderStatus; saga_step: string }>('SELECT status, saga_step FROM shop_orders WHERE id = $1 AND user_id = $2', [orderId, userId]);
  if (rows.length === 0) throw new EngineError('NOT_FOUND', 'order not found');
  throw new EngineError('ORDER_IN_PROGRESS', `order ${orderId} is ${rows[0].status} (${rows[0].saga_step}); only a final order leaves the list`);
}
