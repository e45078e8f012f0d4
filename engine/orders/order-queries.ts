// Reading orders: a buyer's list (newest first, keyset-paged), one order with items per seller (and
// their parcels and receipt confirmations), payment (masked) and events. Parked orders: parked-orders.ts.
import type pg from 'pg';
import { EngineError } from '../platform/errors.js';
import { cursorTimeSql, keysetPage, type Page } from '../platform/db/keyset-page.js';
import { paymentOfOrder } from '../payment/payment-rows.js';
import { fulfilmentColumns, fulfilmentOf, type FulfilmentRow, type ItemFulfilment } from './order-shipments.js';
import type { OrderStatus, ShipmentStatus } from './order-types.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface OrderSummary {
  orderId: string;
  status: OrderStatus;
  /** what the order costs (totalAmount, kept for older clients, is the same number) */
  amount: number;
  totalAmount: number;
  createdAt: string;
  /** AWAITING_PAYMENT orders: pay before this, or the order expires */
  payBy?: string;
  failureCode?: string;
}

export interface OrderDetail extends OrderSummary {
  userId: number;
  receiver: { name: string; phone: string; address: string };
  deliveryNote: string;
  /** a catalog line names its sku, item and seller; a flash-sale line its saleId; a shipped one its courier and tracking number */
  items: ({ orderItemId: number; itemId?: number; sku?: number; sellerId?: number; saleId?: number; quantity: number; unitPrice: number; shipmentStatus: ShipmentStatus } & ItemFulfilment)[];
  payment?: { status: string; amount: number; cancelledAmount: number; cardLast4?: string; receiptUrl?: string };
  events: { type: string; from?: string; to?: string; at: string }[];
}

export interface OrderRow {
  id: string;
  user_id: string;
  status: OrderStatus;
  total_amount: string;
  created_at: Date;
  pay_by: Date | null;
  failure_code: string | null;
}

/** Below every uuid: a legacy `before` (a time alone) starts strictly before that time. */
const NO_ID = '00000000-0000-0000-0000-000000000000';

export function summary(row: OrderRow): OrderSummary {
  return {
    orderId: row.id,
    status: row.status,
    amount: Number(row.total_amount),
    totalAmount: Number(row.total_amount),
    createdAt: row.created_at.toISOString(),
    ...(row.pay_by ? { payBy: row.pay_by.toISOString() } : {}),
    ...(row.failure_code ? { failureCode: row.failure_code } : {}),
  };
}

/**
 * The caller's orders, newest first, but those they hid (order-history.ts); keyset-paged on (createdAt,
 * id): `after` is the key of the last one of the previous page (`id` absent for a legacy `before` time).
 */
export async function listOrders(db: pg.Pool, userId: number, limit: number, after?: { at: string; id?: string }): Promise<Page<OrderSummary>> {
  const { rows } = await db.query<OrderRow & { cursor_at: string }>(
    `SELECT id, user_id, status, total_amount, created_at, pay_by, failure_code, ${cursorTimeSql('created_at')} AS cursor_at FROM shop_orders
     WHERE user_id = $1 AND NOT hidden_from_buyer AND (created_at, id) < (coalesce($2::timestamptz, 'infinity'), $3::uuid)
     ORDER BY created_at DESC, id DESC LIMIT $4`,
    [userId, after?.at ?? null, after?.id ?? NO_ID, limit + 1],
  );
  return keysetPage(rows, limit, summary, (row) => [row.cursor_at, row.id]);
}

type DetailRow = OrderRow & { receiver_name: string; receiver_phone: string; receiver_address: string; delivery_note: string };

async function orderRow(db: pg.Pool, orderId: string): Promise<DetailRow | undefined> {
  const { rows } = await db.query<DetailRow>(
    `SELECT id, user_id, status, total_amount, created_at, pay_by, failure_code, receiver_name, receiver_phone, receiver_address, delivery_note
     FROM shop_orders WHERE id = $1`,
    [orderId],
  );
  return rows[0];
}

/** How long a read waits for an accepted order its actor has not written yet (normally milliseconds). */
const UNWRITTEN_WAIT_MS = 2_000;

/**
 * One order if `userId` owns it or `asAdmin`; someone else's looks missing. An order accepted a moment
 * ago (`accepted` says its hold exists) is waited for, so a read right after the 202 finds it.
 */
export async function getOrder(db: pg.Pool, orderId: string, userId: number, asAdmin: boolean, accepted?: (orderId: string) => Promise<boolean>): Promise<OrderDetail> {
  if (!uuid.test(orderId)) throw new EngineError('NOT_FOUND', 'order not found');
  let row = await orderRow(db, orderId);
  if (!row && accepted && (await accepted(orderId))) {
    for (const deadline = Date.now() + UNWRITTEN_WAIT_MS; !row && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 25));
      row = await orderRow(db, orderId);
    }
  }
  if (!row || (Number(row.user_id) !== userId && !asAdmin)) throw new EngineError('NOT_FOUND', 'order not found');
  const [items, payment, events] = await Promise.all([
    db.query<FulfilmentRow & { id: string; item_id: string | null; sku_id: string | null; seller_id: string | null; sale_id: string | null; quantity: number; unit_price: string; shipment_status: ShipmentStatus }>(
      `SELECT oi.id, oi.item_id, oi.sku_id, oi.seller_id, oi.sale_id, oi.quantity, oi.unit_price, oi.shipment_status, ${fulfilmentColumns}
       FROM shop_order_items oi LEFT JOIN order_shipments s ON s.id = oi.shipment_id WHERE oi.order_id = $1 ORDER BY oi.seller_id, oi.id`,
      [orderId],
    ),
    paymentOfOrder(db, orderId),
    db.query<{ type: string; from_status: string | null; to_status: string | null; created_at: Date }>(
      'SELECT type, from_status, to_status, created_at FROM order_events WHERE order_id = $1 ORDER BY created_at, id',
      [orderId],
    ),
  ]);
  return {
    ...summary(row),
    userId: Number(row.user_id),
    receiver: { name: row.receiver_name, phone: row.receiver_phone, address: row.receiver_address },
    deliveryNote: row.delivery_note,
    items: items.rows.map((i) => ({
      orderItemId: Number(i.id),
      ...(i.sale_id ? { saleId: Number(i.sale_id) } : { itemId: Number(i.item_id), sku: Number(i.sku_id), sellerId: Number(i.seller_id) }),
      quantity: i.quantity,
      unitPrice: Number(i.unit_price),
      shipmentStatus: i.shipment_status,
      ...fulfilmentOf(i),
    })),
    ...(payment
      ? {
          payment: {
            status: payment.status,
            amount: Number(payment.amount),
            cancelledAmount: Number(payment.cancelled_amount),
            ...(payment.card_last4 ? { cardLast4: payment.card_last4 } : {}),
            ...(payment.receipt_url ? { receiptUrl: payment.receipt_url } : {}),
          },
        }
      : {}),
    events: events.rows.map((e) => ({ type: e.type, ...(e.from_status ? { from: e.from_status } : {}), ...(e.to_status ? { to: e.to_status } : {}), at: e.created_at.toISOString() })),
  };
}
