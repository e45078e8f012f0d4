-- The buyer's address book (issue 18 part 2): up to ADDRESS_BOOK_MAX_PER_USER receivers per user, exactly
-- one of them the default while any exist. Orders copy an address into their receiver columns when
-- they are placed (a snapshot: later edits never change an order). Writes of one user are serialised
-- by an advisory lock on the user; the partial unique index is the last word on "one default".
-- Owned by engine/addresses/address-rows.ts.
CREATE TABLE addresses (
  id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id    bigint      NOT NULL,
  label      text        NOT NULL DEFAULT '' CHECK (char_length(label) <= 30),
  name       text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  phone      text        NOT NULL CHECK (phone ~ '^[0-9+() -]{6,20}$'),
  address    text        NOT NULL CHECK (char_length(address) BETWEEN 1 AND 300),
  is_default boolean     NOT NULL DEFAULT false,
  version    integer     NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX addresses_user_idx ON addresses (user_id, id);
CREATE UNIQUE INDEX addresses_one_default_idx ON addresses (user_id) WHERE is_default;
