// The buyer's purchase confirmation of a delivered item ("I received it"): from then on the item is
// settled with its seller (engine/settlement/settlement-lines.ts). A delivered item its buyer leaves
// unconfirmed is confirmed automatically ORDER_AUTO_CONFIRM_DAYS after its delivery, by a periodic job
// of the scheduler (receipt-auto-confirm-job.ts). Each confirmation is an order event.
import type pg from 'pg';
import { inTransaction } from '../platform/db/transaction.js';
import { EngineError } from '../platform/errors.js';
import { lockOrder } from './order-actions.js';
import { insertOrderEvent } from './order-events.js';
import type { ShipmentStatus } from './order-types.js';

export type ConfirmedBy = 'BUYER' | 'AUTO';

export interface ReceiptConfirmation {
  orderId: string;
  orderItemId: number;
  receiptConfirmedAt: string;
  confirmedBy: ConfirmedBy;
}

/** Items confirmed in one statement of the automatic confirmation; a full batch runs the next at once. */
const AUTO_CONFIRM_BATCH = 1_000;

/** The buyer confirms one delivered item of its order; a repeat answers the first confirmation. */
export async function confirmReceipt(db: pg.Pool, buyerId: number, orderId: string, orderItemId: number): Promise<ReceiptConfirmation> {
  return inTransaction(db, async (client) => {
    const order = await lockOrder(client, orderId);
    const item = order && Number(order.user_id) === buyerId ? await lockReceipt(client, orderId, orderItemId) : undefined;
    if (!order || !item) throw new EngineError('NOT_FOUND', 'order item not found');
    const answer = (at: Date, by: ConfirmedBy) => ({ orderId, orderItemId, receiptConfirmedAt: at.toISOString(), confirmedBy: by });
    if (item.receipt_confirmed_at) return answer(item.receipt_confirmed_at, item.receipt_confirmed_by!);
    if (item.shipment_status !== 'DELIVERED') {
      throw new EngineError('RECEIPT_NOT_CONFIRMABLE', `the item is ${item.shipment_status}; only a DELIVERED item's receipt can be confirmed`);
    }
    const { rows: [confirmed] } = await client.query<{ receipt_confirmed_at: Date }>(
      `UPDATE shop_order_items SET receipt_confirmed_at = now(), receipt_confirmed_by = 'BUYER', version = version + 1 WHERE id = $1
       RETURNING receipt_confirmed_at`,
      [orderItemId],
    );
    await insertOrderEvent(client, orderId, 'RECEIPT_CONFIRMED', order.status, order.status, { orderItemId, by: 'BUYER' });
    return answer(confirmed.receipt_confirmed_at, 'BUYER');
  });
}

async function lockReceipt(client: pg.PoolClient, orderId: string, orderItemId: number) {
  const { rows } = await client.query<{ shipment_status: ShipmentStatus; receipt_confirmed_at: Date | null; receipt_confirmed_by: ConfirmedBy | null }>(
    'SELECT shipment_status, receipt_confirmed_at, receipt_confirmed_by FROM shop_order_items WHERE order_id = $1 AND id = $2 FOR UPDATE',
    [orderId, orderItemId],
  );
  return rows[0];
}

/**
 * Confirms every item delivered `afterDays` days ago or more and still unconfirmed, with its order
 * event; answers how many. Rows another run holds are skipped (SKIP LOCKED), so concurrent runs split
 * the work and confirm each item once.
 */
export async function autoConfirmReceipts(db: pg.Pool, afterDays: number): Promise<number> {
  let confirmed = 0;
  for (;;) {
    const { rowCount } = await db.query(
      `WITH due AS (
         SELECT id FROM shop_order_items
         WHERE shipment_status = 'DELIVERED' AND receipt_confirmed_at IS NULL AND delivered_at <= now() - make_interval(days => $1)
         ORDER BY delivered_at LIMIT $2 FOR UPDATE SKIP LOCKED),
       confirmed AS (
         UPDATE shop_order_items oi SET receipt_confirmed_at = now(), receipt_confirmed_by = 'AUTO', version = oi.version + 1
         FROM due WHERE oi.id = due.id RETURNING oi.id, oi.order_id)
       INSERT INTO order_events (order_id, type, from_status, to_status, detail)
       SELECT c.order_id, 'RECEIPT_CONFIRMED', o.status, o.status, jsonb_build_object('orderItemId', c.id, 'by', 'AUTO')
       FROM confirmed c JOIN shop_orders o ON o.id = c.order_id`,
      [afterDays, AUTO_CONFIRM_BATCH],
    );
    confirmed += rowCount ?? 0;
    if ((rowCount ?? 0) < AUTO_CONFIRM_BATCH) return confirmed;
  }
}
