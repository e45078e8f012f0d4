-- Counselling chat: rooms between two people (buyer-seller about an item or order, seller-admin,
-- buyer-admin), their members with a read marker, and the message history partitioned by month.
-- subject_ref is free text ("item:123", "order:<uuid>"): items and orders live in other modules.
CREATE TABLE chat_rooms (
  id          bigserial   PRIMARY KEY,
  kind        text        NOT NULL CHECK (kind IN ('buyer_seller', 'seller_admin', 'buyer_admin')),
  subject_ref text        NOT NULL DEFAULT '' CHECK (length(subject_ref) <= 200),
  -- the two members, lowest id first: one room per (kind, pair, subject)
  member_low  bigint      NOT NULL,
  member_high bigint      NOT NULL CHECK (member_low < member_high),
  created_by  bigint      NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kind, member_low, member_high, subject_ref)
);

CREATE TABLE chat_room_members (
  room_id              bigint NOT NULL REFERENCES chat_rooms (id) ON DELETE CASCADE,
  user_id              bigint NOT NULL,
  role                 text   NOT NULL CHECK (role IN ('buyer', 'seller', 'admin')),
  -- only ever raised (GREATEST), so concurrent writers commute and need no version check
  last_read_message_id bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (room_id, user_id)
);
CREATE INDEX chat_room_members_user_idx ON chat_room_members (user_id, room_id);

-- Ids come from one sequence, so "before=<id>" pages in time order across partitions.
CREATE TABLE chat_messages (
  id         bigserial   NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  room_id    bigint      NOT NULL,
  sender_id  bigint      NOT NULL,
  body       text        NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);
CREATE INDEX chat_messages_room_idx ON chat_messages (room_id, id DESC);
