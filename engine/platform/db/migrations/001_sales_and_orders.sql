-- Flash sales and the orders they produce.
CREATE TABLE sales (
  id             bigserial PRIMARY KEY,
  sku            text        NOT NULL,
  stock          integer     NOT NULL CHECK (stock > 0),
  per_user_limit integer     NOT NULL CHECK (per_user_limit > 0),
  price          bigint      NOT NULL CHECK (price >= 0),
  sale_price     bigint      NOT NULL CHECK (sale_price >= 0),
  starts_at      timestamptz NOT NULL,
  ends_at        timestamptz NOT NULL CHECK (ends_at > starts_at),
  -- durable units: only workers add to it, by version-checked update; the CHECK is the last guard against oversell
  sold           integer     NOT NULL DEFAULT 0 CHECK (sold >= 0 AND sold <= stock),
  version        integer     NOT NULL DEFAULT 0,
  created_at     timestamptz NOT NULL DEFAULT now()
);

-- One row per admitted ticket. The id is the ticket's UUIDv7 and created_at is the time encoded in it,
-- so a redelivered ticket always targets the same partition and the primary key rejects it.
CREATE TABLE orders (
  id         uuid        NOT NULL,
  created_at timestamptz NOT NULL,
  sale_id    bigint      NOT NULL REFERENCES sales (id),
  user_id    bigint      NOT NULL,
  quantity   integer     NOT NULL CHECK (quantity > 0),
  unit_price bigint      NOT NULL,
  status     text        NOT NULL DEFAULT 'ORDERED',
  PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);

CREATE INDEX orders_sale_user_idx ON orders (sale_id, user_id);
