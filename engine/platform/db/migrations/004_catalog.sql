-- Catalog: sellers (platform and marketplace), categories, items with options and SKUs.
-- Rows that concurrent writers touch carry `version`; writes are version-checked.

-- A seller organisation. user_id is the account that registered it; the users table belongs to the
-- auth module, so there is no foreign key (it may live in another database).
CREATE TABLE sellers (
  id             bigserial PRIMARY KEY,
  kind           text        NOT NULL CHECK (kind IN ('INTERNAL', 'EXTERNAL')),
  name           text        NOT NULL,
  user_id        bigint      NOT NULL,
  return_address text        NOT NULL,
  return_fee     bigint      NOT NULL CHECK (return_fee >= 0),
  exchange_fee   bigint      NOT NULL CHECK (exchange_fee >= 0),
  version        integer     NOT NULL DEFAULT 0,
  created_at     timestamptz NOT NULL DEFAULT now()
);

-- The accounts that may act for a seller (edit its items). The registering account is the first member.
CREATE TABLE seller_members (
  seller_id bigint NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  user_id   bigint NOT NULL,
  PRIMARY KEY (seller_id, user_id)
);
CREATE INDEX seller_members_user_idx ON seller_members (user_id);

CREATE TABLE delivery_profiles (
  id              bigserial PRIMARY KEY,
  seller_id       bigint  NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
  shipping_origin text    NOT NULL,
  courier         text    NOT NULL,
  method          text    NOT NULL,
  fee             bigint  NOT NULL CHECK (fee >= 0),
  days            integer NOT NULL CHECK (days >= 0),
  remote_area     boolean NOT NULL DEFAULT false
);

CREATE TABLE categories (
  id         bigserial PRIMARY KEY,
  parent_id  bigint      REFERENCES categories (id),
  name       text        NOT NULL,
  depth      integer     NOT NULL CHECK (depth >= 0),
  version    integer     NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX categories_parent_idx ON categories (parent_id);

CREATE TABLE items (
  id              bigserial PRIMARY KEY,
  seller_id       bigint      NOT NULL REFERENCES sellers (id),
  -- RESTRICT: a category that still has items cannot be deleted
  category_id     bigint      NOT NULL REFERENCES categories (id) ON DELETE RESTRICT,
  name            text        NOT NULL,
  description     text        NOT NULL DEFAULT '',
  product_type    text        NOT NULL CHECK (product_type IN ('REALTIME', 'RESERVABLE')),
  lifecycle       text        NOT NULL DEFAULT 'PLANNING' CHECK (lifecycle IN
                    ('PLANNING', 'DEVELOPMENT', 'REVIEW', 'PREPARATION', 'LAUNCH', 'SALES', 'END_OF_LIFE')),
  base_price      bigint      NOT NULL CHECK (base_price >= 0),
  version         integer     NOT NULL DEFAULT 0,
  -- explicit edit lock of a person: held by locked_by until locked_at + the configured TTL
  locked_by       bigint,
  locked_at       timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX items_category_idx ON items (category_id, id);
CREATE INDEX items_seller_idx ON items (seller_id, id);
CREATE INDEX items_lifecycle_idx ON items (lifecycle, id);

CREATE TABLE item_lifecycle_events (
  id         bigserial PRIMARY KEY,
  item_id    bigint      NOT NULL REFERENCES items (id) ON DELETE CASCADE,
  from_state text        NOT NULL,
  to_state   text        NOT NULL,
  user_id    bigint      NOT NULL,
  at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX item_lifecycle_events_item_idx ON item_lifecycle_events (item_id, id);

CREATE TABLE option_groups (
  id       bigserial PRIMARY KEY,
  item_id  bigint  NOT NULL REFERENCES items (id) ON DELETE CASCADE,
  name     text    NOT NULL,
  position integer NOT NULL,
  UNIQUE (item_id, name)
);

CREATE TABLE option_values (
  id       bigserial PRIMARY KEY,
  group_id bigint  NOT NULL REFERENCES option_groups (id) ON DELETE CASCADE,
  value    text    NOT NULL,
  position integer NOT NULL,
  UNIQUE (group_id, value)
);

-- One sellable combination of option values. stock is what the seller offers; held (reserved, not yet
-- confirmed) and sold are moved only by version-checked updates. For RESERVABLE items stock is the
-- capacity of each slot, and per-slot use is the sum of the slot's live reservation items.
CREATE TABLE skus (
  id               bigserial PRIMARY KEY,
  item_id          bigint      NOT NULL REFERENCES items (id) ON DELETE CASCADE,
  option_value_ids bigint[]    NOT NULL DEFAULT '{}',
  price_delta      bigint      NOT NULL DEFAULT 0,
  stock            integer     NOT NULL CHECK (stock >= 0),
  held             integer     NOT NULL DEFAULT 0 CHECK (held >= 0),
  sold             integer     NOT NULL DEFAULT 0 CHECK (sold >= 0),
  version          integer     NOT NULL DEFAULT 0,
  created_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (held + sold <= stock)
);
CREATE INDEX skus_item_idx ON skus (item_id);
