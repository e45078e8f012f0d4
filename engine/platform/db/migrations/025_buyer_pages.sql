-- The buyer's pages (issue 18 part 5): a final order hidden from the buyer's order list, "my reviews",
-- and the wishlist.

-- the buyer removed a final order from their list (DELETE /api/v1/orders/:id/history); the order itself
-- stays readable by id (receipt, returns) and counts everywhere else. Owned by engine/orders/order-history.ts.
ALTER TABLE shop_orders ADD COLUMN hidden_from_buyer boolean NOT NULL DEFAULT false;

-- "my reviews": an author's reviews, newest first (keyset on id)
CREATE INDEX reviews_user_idx ON reviews (user_id, id);

-- Items a buyer keeps for later, up to WISHLIST_MAX_ITEMS each. An item deleted by its seller leaves
-- the wishlists with it. Owned by engine/catalog/wishlist.ts.
CREATE TABLE wishlist_items (
  id       bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id  bigint      NOT NULL,
  item_id  bigint      NOT NULL REFERENCES items (id) ON DELETE CASCADE,
  added_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, item_id)
);
CREATE INDEX wishlist_items_user_idx ON wishlist_items (user_id, id);
CREATE INDEX wishlist_items_item_idx ON wishlist_items (item_id);
