-- Returns and exchanges complete (issue 18 part 4): the buyer may withdraw a request until it is picked
-- up (WITHDRAWN, which frees the item for a new request, like REJECTED); the seller states the condition
-- a returned item arrived in (SELLABLE units go back on sale once); an exchange completes by shipping a
-- replacement with its own courier and tracking number. Owned by engine/after-sale/after-sale-rows.ts.
ALTER TABLE after_sale_requests DROP CONSTRAINT after_sale_requests_status_check;
ALTER TABLE after_sale_requests ADD CONSTRAINT after_sale_requests_status_check
  CHECK (status IN ('REQUESTED', 'APPROVED', 'PICKED_UP', 'COMPLETED', 'REJECTED', 'WITHDRAWN'));

-- one live request per order item: rejected and withdrawn ones no longer count
DROP INDEX after_sale_requests_item_live;
CREATE UNIQUE INDEX after_sale_requests_item_live ON after_sale_requests (order_item_id) WHERE status NOT IN ('REJECTED', 'WITHDRAWN');

-- a completed return: how the item arrived (SELLABLE ones were restocked with the completion)
ALTER TABLE after_sale_requests ADD COLUMN received_condition text CHECK (received_condition IN ('SELLABLE', 'UNSELLABLE'));
ALTER TABLE after_sale_requests ADD CONSTRAINT after_sale_requests_condition_check
  CHECK (received_condition IS NULL OR (kind = 'RETURN' AND status = 'COMPLETED'));

-- the lists: a buyer's or a seller's requests of one kind, newest first (keyset on id)
DROP INDEX after_sale_requests_user_idx;
DROP INDEX after_sale_requests_seller_idx;
CREATE INDEX after_sale_requests_user_kind_idx ON after_sale_requests (user_id, kind, id);
CREATE INDEX after_sale_requests_seller_kind_idx ON after_sale_requests (seller_id, kind, id);

-- the replacement an exchange ships: one per exchange, visible to the buyer with the exchange
CREATE TABLE exchange_shipments (
  exchange_id     bigint      PRIMARY KEY REFERENCES after_sale_requests (id),
  courier         text        NOT NULL,
  tracking_number text        NOT NULL,
  shipped_at      timestamptz NOT NULL DEFAULT now()
);
