// An order's parcels: a seller member ships some of the order's items (all its own, PENDING or
// PREPARING, of a paid order) under one courier and tracking number; they become SHIPPING, the order
// follows its items, and the buyer reads the courier and tracking number on each item. Owns
// `order_shipments`.
import type { NatsConnection } from '@nats-io/transport-node';
import type pg from 'pg';
import { sellersOfMember } from '../catalog/seller-store.js';
import { inTransaction } from '../platform/db/transaction.js';
import { EngineError } from '../platform/errors.js';
import { deliveryStatus, lockOrder } from './order-actions.js';
import { changeOrder, pushOrderStatus } from './order-events.js';
import { shipmentStates } from './order-rows.js';
import type { OrderStatus, ShipmentStatus } from './order-types.js';

export interface NewShipment {
  itemIds: number[];
  courier: string;
  trackingNumber: string;
}

export interface ShipmentView {
  shipmentId: number;
  orderId: string;
  /** the order's status after the shipment */
  status: OrderStatus;
  courier: string;
  trackingNumber: string;
  shippedAt: string;
  itemIds: number[];
}

/** What an order item shows of its way to the buyer (in the buyer's order and the seller's list). */
export interface ItemFulfilment {
  shipmentId?: number;
  courier?: string;
  trackingNumber?: string;
  shippedAt?: string;
  deliveredAt?: string;
  receiptConfirmedAt?: string;
}

/** The columns fulfilmentOf reads, for a query of `shop_order_items oi LEFT JOIN order_shipments s ON s.id = oi.shipment_id`. */
export const fulfilmentColumns = 'oi.shipment_id, s.courier, s.tracking_number, s.shipped_at, oi.delivered_at, oi.receipt_confirmed_at';

export interface FulfilmentRow {
  shipment_id: string | null;
  courier: string | null;
  tracking_number: string | null;
  shipped_at: Date | null;
  delivered_at: Date | null;
  receipt_confirmed_at: Date | null;
}

export function fulfilmentOf(row: FulfilmentRow): ItemFulfilment {
  return {
    ...(row.shipment_id ? { shipmentId: Number(row.shipment_id), courier: row.courier!, trackingNumber: row.tracking_number!, shippedAt: row.shipped_at!.toISOString() } : {}),
    ...(row.delivered_at ? { deliveredAt: row.delivered_at.toISOString() } : {}),
    ...(row.receipt_confirmed_at ? { receiptConfirmedAt: row.receipt_confirmed_at.toISOString() } : {}),
  };
}

type Parcel = Omit<ShipmentView, 'orderId' | 'status'>;

interface ShippableItem {
  id: string;
  seller_id: string | null;
  shipment_status: ShipmentStatus;
  shipment_id: string | null;
}

/**
 * Ships the items as one parcel; answers it and whether it is new. The same request again (same items,
 * courier and tracking number, already shipped together) answers the first parcel instead of a 409, so a
 * seller's retry after a lost answer is harmless.
 */
export async function shipOrderItems(
  db: pg.Pool,
  nc: NatsConnection,
  namespace: string,
  sellerUserId: number,
  orderId: string,
  input: NewShipment,
): Promise<{ shipment: ShipmentView; created: boolean }> {
  const result = await inTransaction(db, async (client) => {
    const order = await lockOrder(client, orderId);
    const items = order ? await lockItems(client, orderId, input.itemIds) : [];
    const sellers = new Set(await sellersOfMember(client, sellerUserId));
    // another seller's item of the same order looks missing, exactly like an item of no order
    if (!order || items.length !== input.itemIds.length || !items.every((i) => sellers.has(Number(i.seller_id)))) {
      throw new EngineError('NOT_FOUND', 'order item not found');
    }
    const replayed = await sameShipment(client, items, input);
    if (replayed) return { order, status: order.status, shipment: replayed, created: false };
    const stuck = items.filter((i) => i.shipment_status !== 'PENDING' && i.shipment_status !== 'PREPARING');
    if (order.saga_step !== 'DONE' || stuck.length > 0) {
      const why = stuck.map((i) => `item ${i.id} is ${i.shipment_status}`).join(', ') || `the order is ${order.status}`;
      throw new EngineError('ILLEGAL_SHIPMENT_TRANSITION', `only PENDING or PREPARING items of a paid order can ship: ${why}`);
    }
    const { rows: [parcel] } = await client.query<{ id: string; shipped_at: Date }>(
      'INSERT INTO order_shipments (order_id, courier, tracking_number) VALUES ($1, $2, $3) RETURNING id, shipped_at',
      [orderId, input.courier, input.trackingNumber],
    );
    // the items are locked above, so their versions only move forward here
    await client.query(
      `UPDATE shop_order_items SET shipment_status = 'SHIPPING', shipment_id = $2, version = version + 1 WHERE id = ANY($1::bigint[])`,
      [input.itemIds, parcel.id],
    );
    const status = deliveryStatus(await shipmentStates(client, orderId));
    const shipment: Parcel = {
      shipmentId: Number(parcel.id), courier: input.courier, trackingNumber: input.trackingNumber, shippedAt: parcel.shipped_at.toISOString(),
      itemIds: [...input.itemIds].sort((a, b) => a - b),
    };
    if (status !== order.status) await changeOrder(client, order, { status }, { shipmentId: shipment.shipmentId, orderItemIds: shipment.itemIds });
    return { order, status, shipment, created: true };
  });
  const { order, status, shipment, created } = result;
  if (status !== order.status) pushOrderStatus(nc, namespace, Number(order.user_id), orderId, status);
  return { shipment: { ...shipment, orderId, status }, created };
}

async function lockItems(client: pg.PoolClient, orderId: string, itemIds: number[]): Promise<ShippableItem[]> {
  const { rows } = await client.query<ShippableItem>(
    'SELECT id, seller_id, shipment_status, shipment_id FROM shop_order_items WHERE order_id = $1 AND id = ANY($2::bigint[]) ORDER BY id FOR UPDATE',
    [orderId, itemIds],
  );
  return rows;
}

/** The parcel these very items already left in with this courier and tracking number, if any. */
async function sameShipment(client: pg.PoolClient, items: ShippableItem[], input: NewShipment): Promise<Parcel | undefined> {
  const parcelId = items[0].shipment_id;
  if (parcelId === null || items.some((i) => i.shipment_id !== parcelId)) return undefined;
  const { rows: [parcel] } = await client.query<{ courier: string; tracking_number: string; shipped_at: Date; items: number }>(
    `SELECT s.courier, s.tracking_number, s.shipped_at, (SELECT count(*)::int FROM shop_order_items WHERE order_id = s.order_id AND shipment_id = s.id) AS items
     FROM order_shipments s WHERE s.id = $1`,
    [parcelId],
  );
  if (parcel.courier !== input.courier || parcel.tracking_number !== input.trackingNumber || parcel.items !== items.length) return undefined;
  return {
    shipmentId: Number(parcelId), courier: parcel.courier, trackingNumber: parcel.tracking_number, shippedAt: parcel.shipped_at.toISOString(),
    itemIds: items.map((i) => Number(i.id)),
  };
}
