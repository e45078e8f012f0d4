-- Shop orders (issue 5): carts, orders run by the order saga, their items per seller, payments and the
-- event log. Flash-sale orders stay in `orders` (001). Owned by the orders work; extend, don't rename.

CREATE TABLE carts (
  id               uuid        PRIMARY KEY,
  user_id          bigint      UNIQUE,
  guest_token_hash text        UNIQUE,          -- guests hold an opaque cart token; only its hash is stored
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (user_id IS NOT NULL OR guest_token_hash IS NOT NULL)
);

CREATE TABLE cart_items (
  cart_id  uuid        NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
  sku_id   bigint      NOT NULL REFERENCES skus (id),
  quantity integer     NOT NULL CHECK (quantity > 0),
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (cart_id, sku_id)
);

CREATE TABLE shop_orders (
  id               uuid        PRIMARY KEY,     -- UUIDv7
  user_id          bigint      NOT NULL,
  source           text        NOT NULL CHECK (source IN ('API', 'INTERNAL')),
  idempotency_key  text        NOT NULL,
  -- Gopang order states
  status           text        NOT NULL CHECK (status IN ('ORDERED', 'PAID', 'PREPARING', 'SHIPPING', 'DELIVERED',
                                 'CANCELLED', 'PAYMENT_CANCELLED', 'SELLER_CANCELLED', 'PARKED')),
  -- where the saga stands; the orchestrator resumes from here after a crash
  saga_step        text        NOT NULL,
  saga_attempts    integer     NOT NULL DEFAULT 0,
  reservation_id   uuid,
  total_amount     bigint      NOT NULL CHECK (total_amount >= 0),
  receiver_name    text        NOT NULL,
  receiver_phone   text        NOT NULL,
  receiver_address text        NOT NULL,
  delivery_note    text        NOT NULL DEFAULT '',
  failure_code     text,
  version          integer     NOT NULL DEFAULT 0,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, source, idempotency_key)
);
CREATE INDEX shop_orders_user_idx ON shop_orders (user_id, created_at DESC);
CREATE INDEX shop_orders_saga_idx ON shop_orders (saga_step) WHERE saga_step NOT IN ('DONE', 'COMPENSATED');

CREATE TABLE shop_order_items (
  id              bigserial   PRIMARY KEY,
  order_id        uuid        NOT NULL REFERENCES shop_orders (id) ON DELETE CASCADE,
  sku_id          bigint      NOT NULL REFERENCES skus (id),
  item_id         bigint      NOT NULL REFERENCES items (id),
  seller_id       bigint      NOT NULL REFERENCES sellers (id),
  quantity        integer     NOT NULL CHECK (quantity > 0),
  unit_price      bigint      NOT NULL CHECK (unit_price >= 0),
  shipment_status text        NOT NULL DEFAULT 'PENDING'
                  CHECK (shipment_status IN ('PENDING', 'PREPARING', 'SHIPPING', 'DELIVERED', 'CANCELLED')),
  delivered_at    timestamptz,
  version         integer     NOT NULL DEFAULT 0
);
CREATE INDEX shop_order_items_order_idx ON shop_order_items (order_id);
CREATE INDEX shop_order_items_seller_idx ON shop_order_items (seller_id, delivered_at);

-- one payment per order; card numbers are never stored, only the masked last four
CREATE TABLE payments (
  order_id         uuid        PRIMARY KEY REFERENCES shop_orders (id) ON DELETE CASCADE,
  merchant_uid     text        NOT NULL UNIQUE,
  imp_uid          text,
  amount           bigint      NOT NULL CHECK (amount >= 0),
  cancelled_amount bigint      NOT NULL DEFAULT 0 CHECK (cancelled_amount >= 0 AND cancelled_amount <= amount),
  status           text        NOT NULL CHECK (status IN ('READY', 'PAID', 'FAILED', 'CANCELLED', 'PARTIAL_CANCELLED')),
  card_last4       text        CHECK (card_last4 ~ '^[0-9]{4}$'),
  receipt_url      text,
  version          integer     NOT NULL DEFAULT 0,
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- every state change of an order, month-partitioned (see engine/platform/db/partition-maintenance.ts)
CREATE TABLE order_events (
  id          bigserial,
  created_at  timestamptz NOT NULL DEFAULT now(),
  order_id    uuid        NOT NULL,
  type        text        NOT NULL,
  from_status text,
  to_status   text,
  detail      jsonb       NOT NULL DEFAULT '{}',
  PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);
CREATE INDEX order_events_order_idx ON order_events (order_id, created_at);
