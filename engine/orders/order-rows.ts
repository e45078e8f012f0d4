// SQL of the `shop_orders` and `shop_order_items` tables that the orders' use cases and other domains
// (after-sale, push) call: locks, owners, shipment moves, the seller's cancel. The rest of the orders domain's SQL on
// these tables stays with its one job: every versioned order change with its `order_events` row in
// order-events.ts, the reads in order-queries.ts, the due-order sweeps in saga-recovery.ts, and the
// actors' batch statements in order-batch-writer.ts.
import type pg from 'pg';
import { ticketTimeMs } from '../sale/ticket-id.js';
import type { SagaOrder } from './order-saga.js';
import type { OrderStatus, SagaStep, ShipmentStatus } from './order-types.js';

type Queryable = pg.Pool | pg.PoolClient;

/** What the saga reads of an order before each step. */
export async function sagaOrderRow(db: Queryable, orderId: string): Promise<SagaOrder | undefined> {
  const { rows } = await db.query<SagaOrder>(
    `SELECT id, user_id, status, saga_step, saga_attempts, reservation_id, total_amount, card_token, compensate_to, pay_by,
       reconcile_until, version
     FROM shop_orders WHERE id = $1`,
    [orderId],
  );
  return rows[0];
}

export interface LockedOrder {
  id: string;
  user_id: string;
  status: OrderStatus;
  saga_step: SagaStep;
  version: number;
}

export async function lockOrderRow(client: pg.PoolClient, orderId: string, lock = true): Promise<LockedOrder | undefined> {
  const { rows } = await client.query<LockedOrder>(`SELECT id, user_id, status, saga_step, version FROM shop_orders WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [orderId]);
  return rows[0];
}

/** The buyer of an order (who may hold the push topic `order.<id>`), or undefined. */
export async function orderOwner(db: Queryable, orderId: string): Promise<number | undefined> {
  const { rows } = await db.query<{ user_id: string }>('SELECT user_id FROM shop_orders WHERE id = $1', [orderId]);
  return rows[0] ? Number(rows[0].user_id) : undefined;
}

/** Whether any item of the order is on its way or delivered. */
export async function anyShipped(client: pg.PoolClient, orderId: string): Promise<boolean> {
  const { rowCount } = await client.query(`SELECT 1 FROM shop_order_items WHERE order_id = $1 AND shipment_status IN ('SHIPPING', 'DELIVERED')`, [orderId]);
  return (rowCount ?? 0) > 0;
}

/** One item of the order with its seller, or undefined. */
export async function orderItemOf(
  client: pg.PoolClient,
  orderId: string,
  orderItemId: number,
): Promise<{ seller_id: string; shipment_status: ShipmentStatus; version: number } | undefined> {
  const { rows } = await client.query<{ seller_id: string; shipment_status: ShipmentStatus; version: number }>(
    'SELECT i.seller_id, i.shipment_status, i.version FROM shop_order_items i WHERE i.order_id = $1 AND i.id = $2',
    [orderId, orderItemId],
  );
  return rows[0];
}

/** Moves an item's shipment at the version read (DELIVERED stamps delivered_at); false on a version miss. */
export async function setShipmentStatus(client: pg.PoolClient, orderItemId: number, version: number, to: ShipmentStatus): Promise<boolean> {
  const updated = await client.query(
    `UPDATE shop_order_items SET shipment_status = $3, delivered_at = CASE WHEN $3 = 'DELIVERED' THEN now() END, version = version + 1
     WHERE id = $1 AND version = $2`,
    [orderItemId, version, to],
  );
  return updated.rowCount !== 0;
}

export async function shipmentStates(client: pg.PoolClient, orderId: string): Promise<ShipmentStatus[]> {
  const { rows } = await client.query<{ shipment_status: ShipmentStatus }>('SELECT shipment_status FROM shop_order_items WHERE order_id = $1', [orderId]);
  return rows.map((r) => r.shipment_status);
}

export interface LockedOrderItem {
  order_id: string;
  /** null on a flash-sale line (it has no seller) */
  seller_id: string | null;
  sku_id: string | null;
  quantity: number;
  amount: string;
  shipment_status: ShipmentStatus;
  version: number;
}

/** An order item with its amount (unit price x quantity), locked; undefined when there is none. */
export async function lockOrderItem(client: pg.PoolClient, orderItemId: number): Promise<LockedOrderItem | undefined> {
  const { rows } = await client.query<LockedOrderItem>(
    `SELECT order_id, seller_id, sku_id, quantity, unit_price * quantity AS amount, shipment_status, version
     FROM shop_order_items WHERE id = $1 FOR UPDATE`,
    [orderItemId],
  );
  return rows[0];
}

/**
 * An order item with its amount, its order's buyer and its seller's return and exchange fees, the item
 * row locked; undefined when there is none.
 */
export async function lockOrderItemWithFees(client: pg.PoolClient, orderItemId: number) {
  const { rows } = await client.query<{
    order_id: string; item_id: string; seller_id: string; amount: string; shipment_status: string; user_id: string;
    return_fee: string; exchange_fee: string;
  }>(
    `SELECT oi.order_id, oi.item_id, oi.seller_id, oi.unit_price * oi.quantity AS amount, oi.shipment_status, o.user_id,
            s.return_fee, s.exchange_fee
     FROM shop_order_items oi JOIN shop_orders o ON o.id = oi.order_id JOIN sellers s ON s.id = oi.seller_id
     WHERE oi.id = $1 FOR UPDATE OF oi`,
    [orderItemId],
  );
  return rows[0];
}

/** The seller's cancel of one item (the caller checked it may), unversioned: the item row is locked. */
export async function cancelOrderItem(client: pg.PoolClient, orderItemId: number): Promise<void> {
  await client.query(
    `UPDATE shop_order_items SET shipment_status = 'CANCELLED', version = version + 1 WHERE id = $1`,
    [orderItemId],
  );
}

/** A flash-sale ticket's order: AWAITING_PAYMENT until `payByMs`, one line of the sale's units. */
export interface SaleOrder {
  /** the ticket id (UUIDv7, its time is the admission's) */
  id: string;
  userId: number;
  saleId: number;
  quantity: number;
  unitPrice: number;
  payByMs: number;
}

/**
 * The orders of freshly written tickets, in the ticket writer's transaction: a ticket and its order exist
 * together or not at all. The ticket id is the order's id and key, so a redelivery inserts nothing. One
 * statement for the orders and their lines; no CREATED event (the ticket row records the admission): this
 * runs on the flash-sale's durable path.
 */
export async function insertSaleOrders(client: pg.PoolClient, orders: SaleOrder[]): Promise<void> {
  if (orders.length === 0) return;
  await client.query(
    `WITH t AS (
       SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::bigint[], $4::int[], $5::bigint[], $6::timestamptz[], $7::timestamptz[])
         AS t(id, user_id, sale_id, quantity, unit_price, pay_by, created_at)),
     o AS (
       INSERT INTO shop_orders (id, user_id, source, idempotency_key, status, saga_step, total_amount, receiver_name,
         receiver_phone, receiver_address, pay_by, created_at)
       SELECT id, user_id, 'SALE', id::text, 'AWAITING_PAYMENT', 'AWAIT_PAYMENT', unit_price * quantity, '', '', '', pay_by, created_at FROM t
       ON CONFLICT DO NOTHING RETURNING id)
     INSERT INTO shop_order_items (order_id, sale_id, quantity, unit_price)
     SELECT t.id, t.sale_id, t.quantity, t.unit_price FROM t JOIN o ON o.id = t.id`,
    [orders.map((o) => o.id), orders.map((o) => o.userId), orders.map((o) => o.saleId), orders.map((o) => o.quantity),
      orders.map((o) => o.unitPrice), orders.map((o) => new Date(o.payByMs).toISOString()), orders.map((o) => new Date(ticketTimeMs(o.id)).toISOString())],
  );
}

/** What paying an order needs to check and charge. */
export interface PayableOrderRow {
  user_id: string;
  status: OrderStatus;
  saga_step: SagaStep;
  pay_by: Date | null;
  payment_attempts: number;
  total_amount: string;
  reservation_id: string | null;
}

export async function payableOrderRow(db: Queryable, orderId: string): Promise<PayableOrderRow | undefined> {
  const { rows } = await db.query<PayableOrderRow>(
    'SELECT user_id, status, saga_step, pay_by, payment_attempts, total_amount, reservation_id FROM shop_orders WHERE id = $1',
    [orderId],
  );
  return rows[0];
}

/** The catalog lines of an order as the actors carry them (a flash-sale line has none). */
export async function catalogLinesOf(db: Queryable, orderId: string): Promise<[number, number, number, number, number][]> {
  const { rows } = await db.query<{ sku_id: string; item_id: string; seller_id: string; quantity: number; unit_price: string }>(
    'SELECT sku_id, item_id, seller_id, quantity, unit_price FROM shop_order_items WHERE order_id = $1 AND sku_id IS NOT NULL ORDER BY id',
    [orderId],
  );
  return rows.map((r) => [Number(r.sku_id), Number(r.item_id), Number(r.seller_id), r.quantity, Number(r.unit_price)]);
}

/** Units per SKU of the order's items not cancelled (a flash-sale line has no SKU and counts nothing). */
export async function liveItemUnits(client: Queryable, orderId: string): Promise<{ skuId: number; quantity: number }[]> {
  const { rows } = await client.query<{ sku_id: string; units: number }>(
    `SELECT sku_id, sum(quantity)::int AS units FROM shop_order_items
     WHERE order_id = $1 AND shipment_status <> 'CANCELLED' AND sku_id IS NOT NULL GROUP BY sku_id`,
    [orderId],
  );
  return rows.map((r) => ({ skuId: Number(r.sku_id), quantity: r.units }));
}

/** Units of each item the buyer has on their orders that still count (order and line not cancelled), by item id. */
export async function buyerItemUnits(db: Queryable, userId: number, itemIds: number[]): Promise<Map<number, number>> {
  const { rows } = await db.query<{ item_id: string; units: number }>(
    `SELECT oi.item_id, sum(oi.quantity)::int AS units
     FROM shop_orders o JOIN shop_order_items oi ON oi.order_id = o.id
     WHERE o.user_id = $1 AND oi.item_id = ANY($2::bigint[])
       AND o.status NOT IN ('CANCELLED', 'PAYMENT_CANCELLED', 'SELLER_CANCELLED') AND oi.shipment_status <> 'CANCELLED'
     GROUP BY oi.item_id`,
    [userId, itemIds],
  );
  return new Map(rows.map((r) => [Number(r.item_id), r.units]));
}

/** Which of these orders the order actors have written. */
export async function writtenOrderIds(db: Queryable, orderIds: string[]): Promise<Set<string>> {
  if (orderIds.length === 0) return new Set();
  const { rows } = await db.query<{ id: string }>('SELECT id FROM shop_orders WHERE id = ANY($1::uuid[])', [orderIds]);
  return new Set(rows.map((r) => r.id));
}
