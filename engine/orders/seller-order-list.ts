// A seller's order items, for its members to fulfil: the items of paid orders whose seller the caller
// acts for, never another seller's items of the same order, each with the receiver to ship to, its
// parcel and the buyer's receipt confirmation. Newest first, keyset-paged on the item id
// (engine/platform/db/keyset-page.ts).
import type pg from 'pg';
import { sellersOfMember } from '../catalog/seller-store.js';
import { idPage, type Page } from '../platform/db/keyset-page.js';
import { fulfilmentColumns, fulfilmentOf, type FulfilmentRow, type ItemFulfilment } from './order-shipments.js';
import type { OrderStatus, ShipmentStatus } from './order-types.js';

export interface SellerOrderItem extends ItemFulfilment {
  orderId: string;
  orderStatus: OrderStatus;
  orderedAt: string;
  orderItemId: number;
  sellerId: number;
  itemId: number;
  sku: number;
  quantity: number;
  unitPrice: number;
  shipmentStatus: ShipmentStatus;
  receiver: { name: string; phone: string; address: string };
  deliveryNote: string;
}


type ListRow = FulfilmentRow & {
  id: string; order_id: string; seller_id: string; item_id: string; sku_id: string; quantity: number; unit_price: string;
  shipment_status: ShipmentStatus; order_status: OrderStatus; created_at: Date;
  receiver_name: string; receiver_phone: string; receiver_address: string; delivery_note: string;
};

/** One page of the caller's sellers' items, optionally of one shipment status. */
export async function listSellerOrderItems(
  db: pg.Pool,
  sellerUserId: number,
  options: { status?: ShipmentStatus; before?: number; limit: number },
): Promise<Page<SellerOrderItem>> {
  const sellers = await sellersOfMember(db, sellerUserId);
  if (sellers.length === 0) return { items: [], next: null };
  // saga_step DONE: paid and not being cancelled (a buyer's cancel moves the order into its compensations)
  const { rows } = await db.query<ListRow>(
    `SELECT oi.id, oi.order_id, oi.seller_id, oi.item_id, oi.sku_id, oi.quantity, oi.unit_price, oi.shipment_status,
            o.status AS order_status, o.created_at, o.receiver_name, o.receiver_phone, o.receiver_address, o.delivery_note, ${fulfilmentColumns}
     FROM shop_order_items oi
     JOIN shop_orders o ON o.id = oi.order_id
     LEFT JOIN order_shipments s ON s.id = oi.shipment_id
     WHERE oi.seller_id = ANY($1::bigint[]) AND oi.id < coalesce($2::bigint, 9223372036854775807)
       AND ($3::text IS NULL OR oi.shipment_status = $3) AND o.saga_step = 'DONE'
     ORDER BY oi.id DESC LIMIT $4`,
    [sellers, options.before ?? null, options.status ?? null, options.limit + 1],
  );
  return idPage(rows, options.limit, sellerOrderItem);
}

function sellerOrderItem(r: ListRow): SellerOrderItem {
  return {
    orderId: r.order_id,
    orderStatus: r.order_status,
    orderedAt: r.created_at.toISOString(),
    orderItemId: Number(r.id),
    sellerId: Number(r.seller_id),
    itemId: Number(r.item_id),
    sku: Number(r.sku_id),
    quantity: r.quantity,
    unitPrice: Number(r.unit_price),
    shipmentStatus: r.shipment_status,
    ...fulfilmentOf(r),
    receiver: { name: r.receiver_name, phone: r.receiver_phone, address: r.receiver_address },
    deliveryNote: r.delivery_note,
  };
}
