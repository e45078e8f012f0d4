// SQL of the `payment_methods` table (migration 016): a buyer's registered cards, by billing key.
// Never a card number: only what the gateway charges (card_token) and what the buyer recognises.
import type pg from 'pg';
import { inTransaction } from '../platform/db/transaction.js';
import { keysetPage, type Page } from '../platform/db/keyset-page.js';
import type { CardBrand } from './card-number.js';

export interface PaymentMethod {
  id: number;
  cardToken: string;
  last4: string;
  brand: CardBrand;
  expiry: string;
  createdAt: string;
}

export interface NewPaymentMethod {
  userId: number;
  cardToken: string;
  last4: string;
  brand: CardBrand;
  expiry: string;
}

interface Row {
  id: string;
  card_token: string;
  last4: string;
  brand: CardBrand;
  expiry: string;
  created_at: Date;
}

const COLUMNS = 'id, card_token, last4, brand, expiry, created_at';

const toMethod = (row: Row): PaymentMethod => ({
  id: Number(row.id),
  cardToken: row.card_token,
  last4: row.last4,
  brand: row.brand,
  expiry: row.expiry,
  createdAt: row.created_at.toISOString(),
});

export async function countPaymentMethods(db: pg.Pool, userId: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM payment_methods WHERE user_id = $1', [userId]);
  return rows[0].n;
}

/**
 * Inserts the method unless the user holds `cap` already; undefined then. Registrations of one user are
 * serialised by a transaction-scoped advisory lock on the user, so concurrent ones cannot both take the
 * last place (a plain count-then-insert would let them).
 */
export function insertPaymentMethodWithinCap(db: pg.Pool, method: NewPaymentMethod, cap: number): Promise<PaymentMethod | undefined> {
  return inTransaction(db, async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('payment_methods:' || $1::text, 0))`, [method.userId]);
    const { rows } = await client.query<Row>(
      `INSERT INTO payment_methods (user_id, card_token, last4, brand, expiry)
       SELECT $1, $2, $3, $4, $5 WHERE (SELECT count(*) FROM payment_methods WHERE user_id = $1) < $6
       RETURNING ${COLUMNS}`,
      [method.userId, method.cardToken, method.last4, method.brand, method.expiry, cap],
    );
    return rows[0] && toMethod(rows[0]);
  });
}

/** The user's methods, oldest first (ids only grow), a page of `limit` after the id `after`. */
export async function paymentMethodsOf(db: pg.Pool, userId: number, limit: number, after?: number): Promise<Page<PaymentMethod>> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM payment_methods WHERE user_id = $1 AND id > coalesce($2::bigint, 0) ORDER BY id LIMIT $3`,
    [userId, after ?? null, limit + 1],
  );
  return keysetPage(rows, limit, toMethod, (row) => [String(row.id)]);
}

/** The user's method `id`; undefined when it does not exist or is someone else's. */
export async function paymentMethodOf(db: pg.Pool, userId: number, id: number): Promise<PaymentMethod | undefined> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM payment_methods WHERE id = $1 AND user_id = $2`, [id, userId]);
  return rows[0] && toMethod(rows[0]);
}

/** Deletes the user's method `id`; false when there was none (someone else's, or deleted meanwhile). */
export async function deletePaymentMethodRow(db: pg.Pool, userId: number, id: number): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM payment_methods WHERE id = $1 AND user_id = $2', [id, userId]);
  return rowCount === 1;
}
