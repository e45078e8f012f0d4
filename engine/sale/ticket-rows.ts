// SQL of the `orders` table: the durable rows of flash-sale tickets (id = ticket UUID, created_at
// from its UUIDv7, month-partitioned). Every domain that reads or writes them goes through here.
import type pg from 'pg';
import type { TicketRecord } from './sale-wire-types.js';
import { ticketTimeMs } from './ticket-id.js';

type Queryable = pg.Pool | pg.PoolClient;

const insertTickets = `
  INSERT INTO orders (id, created_at, sale_id, user_id, quantity, unit_price, idempotency_key)
  SELECT t.id, t.created_at, $1, t.user_id, t.quantity, $2, t.idempotency_key
  FROM unnest($3::uuid[], $4::timestamptz[], $5::bigint[], $6::int[], $7::text[]) AS t(id, created_at, user_id, quantity, idempotency_key)
  ON CONFLICT DO NOTHING
  RETURNING id`;

/** Inserts the rows of one sale's tickets; answers the ids this call created (a redelivered ticket is a no-op). */
export async function insertTicketRows(client: pg.PoolClient, saleId: number, unitPrice: number, tickets: TicketRecord[]): Promise<Set<string>> {
  const { rows } = await client.query<{ id: string }>(insertTickets, [
    saleId,
    unitPrice,
    tickets.map((t) => t[1]),
    tickets.map((t) => new Date(ticketTimeMs(t[1])).toISOString()),
    tickets.map((t) => t[2]),
    tickets.map((t) => t[3]),
    tickets.map((t) => t[5] ?? null),
  ]);
  return new Set(rows.map((r) => r.id));
}

/** The buyer of a ticket's row, if it is in Postgres. */
export async function ticketRowOwner(db: Queryable, saleId: number, ticketId: string): Promise<number | undefined> {
  // created_at comes from the UUIDv7, so Postgres reads one partition only
  const { rows } = await db.query<{ user_id: string }>(
    'SELECT user_id FROM orders WHERE id = $1 AND created_at = $2 AND sale_id = $3',
    [ticketId, new Date(ticketTimeMs(ticketId)), saleId],
  );
  return rows[0] ? Number(rows[0].user_id) : undefined;
}

/** Units each user bought in the sale. */
export async function unitsByUser(db: Queryable, saleId: number): Promise<{ user_id: string; units: string }[]> {
  const { rows } = await db.query<{ user_id: string; units: string }>('SELECT user_id, sum(quantity) AS units FROM orders WHERE sale_id = $1 GROUP BY user_id', [saleId]);
  return rows;
}

/** The sale's rows that carry the Idempotency-Key they were admitted with. */
export async function keyedTicketRows(db: Queryable, saleId: number): Promise<{ id: string; user_id: string; quantity: number; idempotency_key: string }[]> {
  const { rows } = await db.query<{ id: string; user_id: string; quantity: number; idempotency_key: string }>(
    'SELECT id, user_id, quantity, idempotency_key FROM orders WHERE sale_id = $1 AND idempotency_key IS NOT NULL',
    [saleId],
  );
  return rows;
}

/** Which of these tickets are rows already (durable). */
export async function durableTicketIds(db: Queryable, ticketIds: string[]): Promise<Set<string>> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM orders WHERE id = ANY($1::uuid[])', [ticketIds]);
  return new Set(rows.map((r) => r.id));
}
