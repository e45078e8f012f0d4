// "You have a new order": once orders are PAID, every member of each seller with items in them gets
// {type: 'seller.order', orderId, items} on its user topic, with the items of the sellers it acts for
// only. One query for all the paid orders of an actor's step (or the saga's one order), run after the
// commit. A notice is only a notice (the seller's order list is the truth), so a failure is logged, not
// retried, and never holds up the order.
import type { NatsConnection } from '@nats-io/transport-node';
import type pg from 'pg';
import { log } from '../platform/log.js';
import { userPushSubject } from '../sale/sale-subjects.js';
import type { SellerOrderPush } from './order-types.js';

export async function noticeSellersOfPaidOrders(db: pg.Pool, nc: NatsConnection, namespace: string, orderIds: string[]): Promise<void> {
  if (orderIds.length === 0) return;
  try {
    // joins catalog's seller_members in the same statement: one round trip per step, not one per seller
    const { rows } = await db.query<{ order_id: string; user_id: string; items: SellerOrderPush['items'] }>(
      `SELECT oi.order_id, m.user_id,
              json_agg(json_build_object('orderItemId', oi.id, 'sellerId', oi.seller_id, 'itemId', oi.item_id, 'sku', oi.sku_id,
                'quantity', oi.quantity, 'unitPrice', oi.unit_price) ORDER BY oi.id) AS items
       FROM shop_order_items oi JOIN seller_members m ON m.seller_id = oi.seller_id
       WHERE oi.order_id = ANY($1::uuid[])
       GROUP BY oi.order_id, m.user_id`,
      [orderIds],
    );
    for (const row of rows) {
      const notice: SellerOrderPush = { type: 'seller.order', orderId: row.order_id, items: row.items };
      nc.publish(userPushSubject(namespace, Number(row.user_id)), JSON.stringify(notice));
    }
  } catch (err) {
    log('warn', 'new-order notices to sellers not sent', { orders: orderIds.length, err });
  }
}
