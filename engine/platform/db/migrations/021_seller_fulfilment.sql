-- Seller fulfilment (issue 18 part 1): a seller ships some of an order's items as one parcel with a
-- courier and tracking number, the buyer confirms the receipt of a delivered item (or it is confirmed
-- automatically ORDER_AUTO_CONFIRM_DAYS after the delivery), and only confirmed items are settled.
-- Owned by engine/orders/order-shipments.ts and engine/orders/receipt-confirmation.ts.

-- one parcel of an order: the items that left together under one tracking number
CREATE TABLE order_shipments (
  id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id        uuid        NOT NULL REFERENCES shop_orders (id) ON DELETE CASCADE,
  courier         text        NOT NULL,
  tracking_number text        NOT NULL,
  shipped_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX order_shipments_order_idx ON order_shipments (order_id);

-- shipment_id: the parcel that carries the item (NULL for items moved to SHIPPING without one, through
-- the older per-item shipment route); receipt_confirmed_*: the buyer's purchase confirmation
ALTER TABLE shop_order_items
  ADD COLUMN shipment_id          bigint REFERENCES order_shipments (id),
  ADD COLUMN receipt_confirmed_at timestamptz,
  ADD COLUMN receipt_confirmed_by text CHECK (receipt_confirmed_by IN ('BUYER', 'AUTO')),
  ADD CONSTRAINT shop_order_items_receipt_check
    CHECK ((receipt_confirmed_at IS NULL) = (receipt_confirmed_by IS NULL) AND (receipt_confirmed_at IS NULL OR shipment_status = 'DELIVERED'));

-- the seller's order list: a seller's items, newest first (keyset on id)
CREATE INDEX shop_order_items_seller_list_idx ON shop_order_items (seller_id, id);
-- the auto-confirmation sweep: delivered items still waiting for their buyer, oldest delivery first
CREATE INDEX shop_order_items_unconfirmed_idx ON shop_order_items (delivered_at)
  WHERE shipment_status = 'DELIVERED' AND receipt_confirmed_at IS NULL;
