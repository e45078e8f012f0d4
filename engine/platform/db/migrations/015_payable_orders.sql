-- Orders that wait for their buyer's payment (issue 14): a flash-sale ticket becomes a marketplace order
-- AWAITING_PAYMENT with a deadline (pay_by); paid, it runs like any order; unpaid at pay_by it becomes
-- EXPIRED and its units go back on sale. A reservation's checkout does the same with its hold.
ALTER TABLE shop_orders DROP CONSTRAINT IF EXISTS shop_orders_status_check;
ALTER TABLE shop_orders ADD CONSTRAINT shop_orders_status_check CHECK (status IN ('AWAITING_PAYMENT', 'ORDERED', 'PAID',
  'PREPARING', 'SHIPPING', 'DELIVERED', 'EXPIRED', 'CANCELLED', 'PAYMENT_CANCELLED', 'SELLER_CANCELLED', 'PARKED'));
ALTER TABLE shop_orders DROP CONSTRAINT IF EXISTS shop_orders_source_check;
ALTER TABLE shop_orders ADD CONSTRAINT shop_orders_source_check CHECK (source IN ('API', 'INTERNAL', 'SALE'));
-- when an AWAITING_PAYMENT order expires; null for orders paid at intake
ALTER TABLE shop_orders ADD COLUMN pay_by timestamptz;
-- payments asked for so far: a pay request names the attempt it starts, so a replayed request starts none
ALTER TABLE shop_orders ADD COLUMN payment_attempts integer NOT NULL DEFAULT 0;
CREATE INDEX shop_orders_pay_by_idx ON shop_orders (pay_by) WHERE status = 'AWAITING_PAYMENT';
-- the saga sweep never looks at orders waiting for their buyer: keep the flash-sale burst of them out of its index
DROP INDEX IF EXISTS shop_orders_saga_idx;
CREATE INDEX shop_orders_saga_idx ON shop_orders (saga_step) WHERE saga_step NOT IN ('DONE', 'COMPENSATED', 'AWAIT_PAYMENT');
CREATE INDEX shop_orders_returning_idx ON shop_orders (updated_at) WHERE saga_step = 'RETURN_UNITS';

-- a flash-sale line sells the sale's units, not a catalog SKU's: it names its sale instead (no foreign
-- key, for the reason in 014: the ticket writers update the sale row in the batches that insert lines)
ALTER TABLE shop_order_items ADD COLUMN sale_id bigint;
ALTER TABLE shop_order_items ALTER COLUMN sku_id DROP NOT NULL;
ALTER TABLE shop_order_items ALTER COLUMN item_id DROP NOT NULL;
ALTER TABLE shop_order_items ALTER COLUMN seller_id DROP NOT NULL;
ALTER TABLE shop_order_items ADD CONSTRAINT shop_order_items_goods_check
  CHECK ((sale_id IS NULL) = (sku_id IS NOT NULL AND item_id IS NOT NULL AND seller_id IS NOT NULL));
CREATE INDEX shop_order_items_sale_idx ON shop_order_items (sale_id) WHERE sale_id IS NOT NULL;
-- and a seller's index only holds lines that have a seller
DROP INDEX IF EXISTS shop_order_items_seller_idx;
CREATE INDEX shop_order_items_seller_idx ON shop_order_items (seller_id, delivered_at) WHERE seller_id IS NOT NULL;
