-- The usual-way baseline's one table (bench/baseline/): an order row per successful attempt.
-- Created by bench:compare in a schema of the bench's private database.
CREATE SCHEMA IF NOT EXISTS baseline;

CREATE TABLE IF NOT EXISTS baseline.orders (
  id         bigserial   PRIMARY KEY,
  sale_id    bigint      NOT NULL,
  user_id    bigint      NOT NULL,
  quantity   integer     NOT NULL CHECK (quantity > 0),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS orders_sale_user_idx ON baseline.orders (sale_id, user_id);
