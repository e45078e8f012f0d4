// SQL of counselling chat: rooms, membership, message history (month-partitioned) and read markers.
// Every room query is scoped by membership, so a non-member sees exactly what a missing room shows.
import type pg from 'pg';
import type { ChatMessage, ChatRoomKind, ChatRoomView } from '../push/push-types.js';
import type { RoomMember } from './chat-rooms.js';
import { inTransaction } from '../platform/db/transaction.js';
import { cursorTimeSql, idPage, keysetPage, type Page } from '../platform/db/keyset-page.js';

type Queryable = pg.Pool | pg.PoolClient;

interface MessageRow {
  id: string;
  room_id: string;
  sender_id: string;
  body: string;
  created_at: Date;
}

function toMessage(row: MessageRow): ChatMessage {
  return { id: Number(row.id), roomId: Number(row.room_id), senderId: Number(row.sender_id), text: row.body, createdAt: row.created_at.toISOString() };
}

/** Creates the room, or returns the existing one for the same kind, pair and subject. */
export async function openRoom(
  db: pg.Pool,
  input: { kind: ChatRoomKind; subjectRef: string; createdBy: number; members: [RoomMember, RoomMember] },
): Promise<{ roomId: number; created: boolean }> {
  const [a, b] = input.members;
  const low = Math.min(a.userId, b.userId);
  const high = Math.max(a.userId, b.userId);
  return inTransaction(db, async (client) => {
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO chat_rooms (kind, subject_ref, member_low, member_high, created_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (kind, member_low, member_high, subject_ref) DO NOTHING RETURNING id`,
      [input.kind, input.subjectRef, low, high, input.createdBy],
    );
    let roomId: number;
    const created = inserted.rows.length === 1;
    if (created) {
      roomId = Number(inserted.rows[0].id);
      await client.query(
        'INSERT INTO chat_room_members (room_id, user_id, role) VALUES ($1, $2, $3), ($1, $4, $5)',
        [roomId, a.userId, a.role, b.userId, b.role],
      );
    } else {
      const found = await client.query<{ id: string }>(
        'SELECT id FROM chat_rooms WHERE kind = $1 AND member_low = $2 AND member_high = $3 AND subject_ref = $4',
        [input.kind, low, high, input.subjectRef],
      );
      roomId = Number(found.rows[0].id);
    }
    return { roomId, created };
  });
}

type RoomRow = {
  id: string; kind: ChatRoomKind; subject_ref: string; created_at: Date;
  members: { userId: number; role: string }[]; last_message_at: Date | null; unread: number; cursor_at: string;
};

/**
 * The rooms of a user, most recent activity (last message, else creation) first, with unread counts
 * (messages of others past the read marker): one room (`roomId`), or a page of `limit` after the
 * (activity, id) key `after`.
 */
async function roomRows(db: Queryable, userId: number, options: { roomId?: number; limit?: number; after?: { at: string; id: string } }): Promise<RoomRow[]> {
  const { rows } = await db.query<RoomRow>(
    `SELECT *, ${cursorTimeSql('activity_at')} AS cursor_at FROM (
       SELECT r.id, r.kind, r.subject_ref, r.created_at,
              (SELECT json_agg(json_build_object('userId', m2.user_id, 'role', m2.role) ORDER BY m2.user_id)
                 FROM chat_room_members m2 WHERE m2.room_id = r.id) AS members,
              (SELECT max(c.created_at) FROM chat_messages c WHERE c.room_id = r.id) AS last_message_at,
              (SELECT count(*)::int FROM chat_messages c
                WHERE c.room_id = r.id AND c.id > me.last_read_message_id AND c.sender_id <> $1) AS unread
         FROM chat_room_members me JOIN chat_rooms r ON r.id = me.room_id
        WHERE me.user_id = $1 AND ($2::bigint IS NULL OR r.id = $2)
     ) rooms CROSS JOIN LATERAL (SELECT coalesce(rooms.last_message_at, rooms.created_at) AS activity_at) a
     WHERE (activity_at, id) < (coalesce($3::timestamptz, 'infinity'), coalesce($4::bigint, 9223372036854775807))
     ORDER BY activity_at DESC, id DESC LIMIT $5`,
    [userId, options.roomId ?? null, options.after?.at ?? null, options.after?.id ?? null, options.limit ?? null],
  );
  return rows;
}

/** One room of a user, as the rooms list shows it; undefined when not a member. */
export async function roomOf(db: Queryable, userId: number, roomId: number): Promise<ChatRoomView | undefined> {
  const [row] = await roomRows(db, userId, { roomId });
  return row && roomView(row);
}

/** A page of the user's rooms, most recent activity first; a room's activity moves it to the top. */
export async function listRooms(db: Queryable, userId: number, limit: number, after?: { at: string; id: string }): Promise<Page<ChatRoomView>> {
  return keysetPage(await roomRows(db, userId, { limit: limit + 1, after }), limit, roomView, (r) => [r.cursor_at, r.id]);
}

function roomView(r: RoomRow): ChatRoomView {
  return {
    id: Number(r.id),
    kind: r.kind,
    subjectRef: r.subject_ref,
    members: r.members,
    createdAt: r.created_at.toISOString(),
    lastMessageAt: r.last_message_at ? r.last_message_at.toISOString() : null,
    unread: r.unread,
  };
}

export async function isMember(db: Queryable, roomId: number, userId: number): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM chat_room_members WHERE room_id = $1 AND user_id = $2', [roomId, userId]);
  return rowCount === 1;
}

export async function memberIds(db: Queryable, roomId: number): Promise<number[]> {
  const { rows } = await db.query<{ user_id: string }>('SELECT user_id FROM chat_room_members WHERE room_id = $1', [roomId]);
  return rows.map((r) => Number(r.user_id));
}

/** Stores a message when the sender is a member (one statement: no gap between check and insert); undefined otherwise. */
export async function appendMessage(db: Queryable, roomId: number, senderId: number, text: string): Promise<ChatMessage | undefined> {
  const { rows } = await db.query<MessageRow>(
    `INSERT INTO chat_messages (room_id, sender_id, body)
     SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM chat_room_members WHERE room_id = $1 AND user_id = $2)
     RETURNING id, room_id, sender_id, body, created_at`,
    [roomId, senderId, text],
  );
  return rows[0] ? toMessage(rows[0]) : undefined;
}

/** Newest first, ids below `before` (all when undefined), a page of `limit`. */
export async function messagesBefore(db: Queryable, roomId: number, before: number | undefined, limit: number): Promise<Page<ChatMessage>> {
  const { rows } = await db.query<MessageRow>(
    `SELECT id, room_id, sender_id, body, created_at FROM chat_messages
      WHERE room_id = $1 AND ($2::bigint IS NULL OR id < $2)
      ORDER BY id DESC LIMIT $3`,
    [roomId, before ?? null, limit + 1],
  );
  return idPage(rows, limit, toMessage);
}

/** Raises the member's read marker (never lowers it); false when not a member. */
export async function markRead(db: Queryable, roomId: number, userId: number, lastReadId: number): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE chat_room_members SET last_read_message_id = GREATEST(last_read_message_id, $3)
      WHERE room_id = $1 AND user_id = $2`,
    [roomId, userId, lastReadId],
  );
  return rowCount === 1;
}
