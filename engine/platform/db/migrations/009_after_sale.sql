-- After-sale (issue 5): returns and exchanges of delivered order items, the refund ledger, reviews
-- with images and votes, commission rates and settlement lines. Owned by the after-sale work.

-- A buyer's return or exchange of one delivered order item. fee is what the buyer pays (the seller's
-- return/exchange fee when the reason is the buyer's, 0 when it is the seller's); status moves
-- REQUESTED -> APPROVED -> PICKED_UP -> COMPLETED, or to REJECTED from any open state.
CREATE TABLE after_sale_requests (
  id             bigserial   PRIMARY KEY,
  kind           text        NOT NULL CHECK (kind IN ('RETURN', 'EXCHANGE')),
  order_item_id  bigint      NOT NULL REFERENCES shop_order_items (id),
  order_id       uuid        NOT NULL REFERENCES shop_orders (id),
  seller_id      bigint      NOT NULL REFERENCES sellers (id),
  user_id        bigint      NOT NULL,
  reason         text        NOT NULL,
  buyer_fault    boolean     NOT NULL,
  detail         text        NOT NULL DEFAULT '',
  pickup_address text        NOT NULL,
  fee            bigint      NOT NULL CHECK (fee >= 0),
  refund_amount  bigint      NOT NULL DEFAULT 0 CHECK (refund_amount >= 0),
  status         text        NOT NULL DEFAULT 'REQUESTED'
                 CHECK (status IN ('REQUESTED', 'APPROVED', 'PICKED_UP', 'COMPLETED', 'REJECTED')),
  note           text        NOT NULL DEFAULT '',
  version        integer     NOT NULL DEFAULT 0,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
-- one live (not rejected) request per order item: a second return or exchange waits for a rejection
CREATE UNIQUE INDEX after_sale_requests_item_live ON after_sale_requests (order_item_id) WHERE status <> 'REJECTED';
CREATE INDEX after_sale_requests_user_idx ON after_sale_requests (user_id, id);
CREATE INDEX after_sale_requests_seller_idx ON after_sale_requests (seller_id, id);

-- Every refund sent to the payment gateway. The unique (source, source_id) makes a refund happen at
-- most once per completed return or seller cancellation, however often the call is retried.
CREATE TABLE refunds (
  id           bigserial   PRIMARY KEY,
  source       text        NOT NULL CHECK (source IN ('RETURN', 'SELLER_CANCEL')),
  source_id    bigint      NOT NULL,
  order_id     uuid        NOT NULL REFERENCES shop_orders (id),
  merchant_uid text        NOT NULL,
  amount       bigint      NOT NULL CHECK (amount >= 0),
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source, source_id)
);

-- One review per order item, by its buyer, once delivered.
CREATE TABLE reviews (
  id            bigserial   PRIMARY KEY,
  order_item_id bigint      NOT NULL UNIQUE REFERENCES shop_order_items (id),
  item_id       bigint      NOT NULL REFERENCES items (id),
  seller_id     bigint      NOT NULL REFERENCES sellers (id),
  user_id       bigint      NOT NULL,
  title         text        NOT NULL,
  content       text        NOT NULL DEFAULT '',
  stars         smallint    NOT NULL CHECK (stars BETWEEN 1 AND 5),
  helpful       integer     NOT NULL DEFAULT 0 CHECK (helpful >= 0),
  not_helpful   integer     NOT NULL DEFAULT 0 CHECK (not_helpful >= 0),
  hidden        boolean     NOT NULL DEFAULT false,
  hidden_reason text,
  version       integer     NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reviews_item_latest_idx ON reviews (item_id, created_at DESC) WHERE NOT hidden;
CREATE INDEX reviews_item_best_idx ON reviews (item_id, helpful DESC, id DESC) WHERE NOT hidden;

-- Image files of a review; the bytes live in the object directory under storage_key.
CREATE TABLE review_images (
  id            bigserial   PRIMARY KEY,
  review_id     bigint      NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
  position      smallint    NOT NULL,
  original_name text        NOT NULL,
  storage_key   text        NOT NULL UNIQUE,
  content_type  text        NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  size_bytes    integer     NOT NULL CHECK (size_bytes > 0),
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (review_id, position)
);

-- One vote per user and review; a user may change it (the review's counters follow).
CREATE TABLE review_votes (
  review_id  bigint      NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
  user_id    bigint      NOT NULL,
  helpful    boolean     NOT NULL,
  voted_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (review_id, user_id)
);

-- Commission in basis points (1/100 %) by seller kind and the registering account's business type
-- (seller_profiles.business_type); '*' is the kind's fallback. The platform's own goods pay none.
CREATE TABLE commission_rates (
  seller_kind   text    NOT NULL CHECK (seller_kind IN ('INTERNAL', 'EXTERNAL')),
  business_type text    NOT NULL,
  rate_bp       integer NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),
  PRIMARY KEY (seller_kind, business_type)
);
INSERT INTO commission_rates (seller_kind, business_type, rate_bp) VALUES
  ('INTERNAL', '*', 0),
  ('EXTERNAL', '*', 1080),
  ('EXTERNAL', 'BRAND_OWNER', 1080),
  ('EXTERNAL', 'CONSIGNMENT', 1200),
  ('EXTERNAL', 'WHOLESALE', 900),
  ('EXTERNAL', 'OVERSEAS_DIRECT', 1500);

-- What a seller is owed for one delivered order item: gross = unit price x quantity, commission at the
-- rate in force when the line was made, net = gross - commission. period is the delivery month (UTC).
CREATE TABLE settlement_lines (
  id            bigserial   PRIMARY KEY,
  order_item_id bigint      NOT NULL UNIQUE REFERENCES shop_order_items (id),
  seller_id     bigint      NOT NULL REFERENCES sellers (id),
  period        text        NOT NULL CHECK (period ~ '^[0-9]{4}-[0-9]{2}$'),
  gross         bigint      NOT NULL CHECK (gross >= 0),
  rate_bp       integer     NOT NULL,
  commission    bigint      NOT NULL CHECK (commission >= 0),
  net           bigint      NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX settlement_lines_seller_period_idx ON settlement_lines (seller_id, period, id);
