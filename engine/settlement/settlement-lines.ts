// Settlement lines: one per delivered order item whose receipt was confirmed, by its buyer or
// automatically ORDER_AUTO_CONFIRM_DAYS after the delivery (engine/orders/receipt-confirmation.ts); the
// unique order_item_id makes every run idempotent. Gross = unit price x quantity, commission by the
// seller's kind and business type (commission_rates, in basis points, rounded down to the won),
// period = month of the receipt confirmation (UTC): an item counts in the month it became payable.
// An item with a live return (neither rejected nor withdrawn) waits until the return is rejected or
// withdrawn; a completed return is never settled.
import type pg from 'pg';

// A set-based report over other domains' tables (orders, sellers, returns), so it reads them here, not through their owners.

/** Makes the missing lines (of one seller, or all); answers how many were made. */
export async function createSettlementLines(db: pg.Pool, sellerId?: number): Promise<number> {
  const { rowCount } = await db.query(
    `INSERT INTO settlement_lines (order_item_id, seller_id, period, gross, rate_bp, commission, net)
     SELECT oi.id, oi.seller_id, to_char(oi.receipt_confirmed_at AT TIME ZONE 'UTC', 'YYYY-MM'), g.gross, rate.bp,
            g.gross * rate.bp / 10000, g.gross - g.gross * rate.bp / 10000
     FROM shop_order_items oi
     JOIN sellers s ON s.id = oi.seller_id
     LEFT JOIN seller_profiles sp ON sp.user_id = s.user_id
     CROSS JOIN LATERAL (SELECT oi.unit_price * oi.quantity AS gross) g
     CROSS JOIN LATERAL (
       SELECT COALESCE(
         (SELECT rate_bp FROM commission_rates WHERE seller_kind = s.kind AND business_type = sp.business_type),
         (SELECT rate_bp FROM commission_rates WHERE seller_kind = s.kind AND business_type = '*'),
         0) AS bp
     ) rate
     WHERE oi.shipment_status = 'DELIVERED' AND oi.receipt_confirmed_at IS NOT NULL
       AND ($1::bigint IS NULL OR oi.seller_id = $1)
       AND NOT EXISTS (SELECT 1 FROM settlement_lines l WHERE l.order_item_id = oi.id)
       AND NOT EXISTS (SELECT 1 FROM after_sale_requests a WHERE a.order_item_id = oi.id AND a.kind = 'RETURN' AND a.status NOT IN ('REJECTED', 'WITHDRAWN'))
     ON CONFLICT (order_item_id) DO NOTHING`,
    [sellerId ?? null],
  );
  return rowCount ?? 0;
}
