-- Order saga additions (issue 5): what the saga needs to resume after a crash.
-- card_token: the opaque payment token from the client (never a card number), kept only until AUTHORIZE ends.
-- compensate_to: the final status an order reaches once its compensations are done (CANCELLED,
-- PAYMENT_CANCELLED, SELLER_CANCELLED); next_attempt_at: when a retried step is due again.
ALTER TABLE shop_orders ADD COLUMN card_token text;
ALTER TABLE shop_orders ADD COLUMN compensate_to text;
ALTER TABLE shop_orders ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX shop_orders_parked_idx ON shop_orders (updated_at) WHERE status = 'PARKED';
