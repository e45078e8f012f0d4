-- Order and hold lines keep their SKU id without a foreign key to skus. Each such key made every batch
-- insert take a KEY SHARE lock on the SKU rows it names, while the same batches update those rows' held
-- and sold: several lockers plus an updater on one row make Postgres build a MultiXact for it on every
-- batch, and over 200 SKUs that bookkeeping cost more than the orders themselves (bench:orders).
-- A line's SKU is checked when it enters (the intake prices it from the catalog; a reservation is admitted
-- only against the SKU's Redis counters), and an item with order lines cannot be deleted
-- (shop_order_items.item_id still references items).
ALTER TABLE shop_order_items DROP CONSTRAINT IF EXISTS shop_order_items_sku_id_fkey;
ALTER TABLE reservation_items DROP CONSTRAINT IF EXISTS reservation_items_sku_id_fkey;
