-- Item search, detail fields and images (issue 18 part 3). Owned by engine/catalog (item-search.ts,
-- item-rows.ts, item-images.ts).

-- Keyword search: a name contains the query, in Korean or English. pg_trgm's GIN index serves queries
-- of 3 characters and more; it extracts no trigram from a 2-character pattern, and Korean words are
-- often 2 syllables ("무선" in "무선이어폰"), so each name also keeps its distinct lower-case
-- 2-character pieces in an indexed array that a 2-character query looks up with @>.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE FUNCTION item_name_bigrams(name text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT substr(lower(name), i, 2)), '{}')
  FROM generate_series(1, char_length(name) - 1) AS i
$$;

ALTER TABLE items
  ADD COLUMN name_bigrams   text[]  GENERATED ALWAYS AS (item_name_bigrams(name)) STORED,
  -- the seed's item detail: 1인당 최대 구매수량, 미성년자 구매여부, 부가세 여부, 소재/원산지 고시
  ADD COLUMN max_per_buyer  integer CHECK (max_per_buyer > 0),
  ADD COLUMN minors_allowed boolean NOT NULL DEFAULT true,
  ADD COLUMN tax_type       text    NOT NULL DEFAULT 'TAXABLE' CHECK (tax_type IN ('TAXABLE', 'TAX_FREE', 'ZERO_RATED')),
  ADD COLUMN notice         jsonb   NOT NULL DEFAULT '{}';

CREATE INDEX items_name_trgm_idx ON items USING gin (name gin_trgm_ops);
CREATE INDEX items_name_bigrams_idx ON items USING gin (name_bigrams);
CREATE INDEX items_price_idx ON items (base_price, id);

-- max_per_buyer counts a buyer's earlier non-cancelled orders of the item
CREATE INDEX shop_order_items_item_idx ON shop_order_items (item_id, order_id);

-- An item's images: the original as uploaded (type judged by content) and a resized thumbnail, both
-- files in ITEM_IMAGE_DIR under random names.
CREATE TABLE item_images (
  id              bigserial   PRIMARY KEY,
  item_id         bigint      NOT NULL REFERENCES items (id) ON DELETE CASCADE,
  position        smallint    NOT NULL,
  original_name   text        NOT NULL,
  storage_key     text        NOT NULL UNIQUE,
  content_type    text        NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  size_bytes      integer     NOT NULL CHECK (size_bytes > 0),
  width           integer     NOT NULL,
  height          integer     NOT NULL,
  thumbnail_key   text        NOT NULL UNIQUE,
  thumb_width     integer     NOT NULL,
  thumb_height    integer     NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (item_id, position)
);
