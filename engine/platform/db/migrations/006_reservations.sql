-- Reservations: PENDING lives only in Redis (the outbox); a worker inserts the row as HELD.
-- State changes are `UPDATE ... WHERE state = 'HELD' AND version = $n`, so a confirm, a cancel and the
-- expiry job can never both win.
CREATE TABLE reservations (
  id             uuid        PRIMARY KEY,
  user_id        bigint      NOT NULL,
  state          text        NOT NULL CHECK (state IN ('HELD', 'CONFIRMED', 'EXPIRED', 'CANCELLED')),
  expires_at     timestamptz NOT NULL,
  version        integer     NOT NULL DEFAULT 0,
  -- a finished hold is released in Redis (units returned, or consumed when confirmed) after the commit;
  -- false until done, so the expiry job finishes what a crash interrupted (release.lua acts once per hold)
  redis_released boolean     NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reservations_held_expiry_idx ON reservations (expires_at) WHERE state = 'HELD';
CREATE INDEX reservations_unreleased_idx ON reservations (id) WHERE state <> 'HELD' AND NOT redis_released;

CREATE TABLE reservation_items (
  reservation_id uuid    NOT NULL REFERENCES reservations (id) ON DELETE CASCADE,
  sku_id         bigint  NOT NULL REFERENCES skus (id),
  quantity       integer NOT NULL CHECK (quantity > 0),
  -- '' for REALTIME items
  slot           text    NOT NULL DEFAULT '',
  PRIMARY KEY (reservation_id, sku_id, slot)
);
CREATE INDEX reservation_items_sku_slot_idx ON reservation_items (sku_id, slot);
