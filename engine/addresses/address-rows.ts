// SQL of the `addresses` table (migration 027). Every write runs in a transaction that first takes the
// user's advisory lock (userAddressTransaction), so the count against the cap and the one-default rule
// hold under concurrent requests of the same user; reads need no lock.
import type pg from 'pg';
import { inTransaction } from '../platform/db/transaction.js';

type Queryable = Pick<pg.PoolClient, 'query'>;

export interface AddressFields {
  label: string;
  name: string;
  phone: string;
  address: string;
}

export interface Address extends AddressFields {
  id: number;
  isDefault: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  id: string;
  label: string;
  name: string;
  phone: string;
  address: string;
  is_default: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, label, name, phone, address, is_default, version, created_at, updated_at';

const toAddress = (row: Row): Address => ({
  id: Number(row.id),
  label: row.label,
  name: row.name,
  phone: row.phone,
  address: row.address,
  isDefault: row.is_default,
  version: row.version,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** Runs `work` in a transaction holding the user's address-book lock. */
export function userAddressTransaction<T>(db: pg.Pool, userId: number, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return inTransaction(db, async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('addresses:' || $1::text, 0))`, [userId]);
    return work(client);
  });
}

/** The user's addresses: the default first, then the newest. */
export async function addressesOf(db: Queryable, userId: number): Promise<Address[]> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM addresses WHERE user_id = $1 ORDER BY is_default DESC, id DESC`, [userId]);
  return rows.map(toAddress);
}

/** The user's address `id`; undefined when it does not exist or is someone else's. */
export async function addressOf(db: Queryable, userId: number, id: number): Promise<Address | undefined> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM addresses WHERE id = $1 AND user_id = $2`, [id, userId]);
  return rows[0] && toAddress(rows[0]);
}

export async function countAddresses(db: Queryable, userId: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM addresses WHERE user_id = $1', [userId]);
  return rows[0].n;
}

/** Unsets the user's default (before another becomes it: the unique index allows one). */
export async function clearDefault(db: Queryable, userId: number): Promise<void> {
  await db.query('UPDATE addresses SET is_default = false, version = version + 1, updated_at = now() WHERE user_id = $1 AND is_default', [userId]);
}

export async function insertAddress(db: Queryable, userId: number, fields: AddressFields, isDefault: boolean): Promise<Address> {
  const { rows } = await db.query<Row>(
    `INSERT INTO addresses (user_id, label, name, phone, address, is_default) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
    [userId, fields.label, fields.name, fields.phone, fields.address, isDefault],
  );
  return toAddress(rows[0]);
}

/**
 * Applies the changes to the user's address `id` (and makes it the default when `makeDefault`, after
 * clearDefault), version-checked when `version` is given; undefined when no row matched.
 */
export async function updateAddressRow(
  db: Queryable, userId: number, id: number, changes: Partial<AddressFields>, makeDefault: boolean, version?: number,
): Promise<Address | undefined> {
  const { rows } = await db.query<Row>(
    `UPDATE addresses SET label = COALESCE($3, label), name = COALESCE($4, name), phone = COALESCE($5, phone),
            address = COALESCE($6, address), is_default = is_default OR $7, version = version + 1, updated_at = now()
      WHERE id = $1 AND user_id = $2 AND ($8::int IS NULL OR version = $8) RETURNING ${COLUMNS}`,
    [id, userId, changes.label ?? null, changes.name ?? null, changes.phone ?? null, changes.address ?? null, makeDefault, version ?? null],
  );
  return rows[0] && toAddress(rows[0]);
}

/** Deletes the user's address `id`; what it was (undefined when there was none). */
export async function deleteAddressRow(db: Queryable, userId: number, id: number): Promise<{ wasDefault: boolean } | undefined> {
  const { rows } = await db.query<{ is_default: boolean }>('DELETE FROM addresses WHERE id = $1 AND user_id = $2 RETURNING is_default', [id, userId]);
  return rows[0] && { wasDefault: rows[0].is_default };
}

/** Makes the user's newest address the default (after the default was deleted); none when the book is empty. */
export async function promoteNewest(db: Queryable, userId: number): Promise<void> {
  await db.query(
    `UPDATE addresses SET is_default = true, version = version + 1, updated_at = now()
      WHERE id = (SELECT id FROM addresses WHERE user_id = $1 ORDER BY id DESC LIMIT 1)`,
    [userId],
  );
}
