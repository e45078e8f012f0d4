// Runs work in one Postgres transaction: commit when it resolves, roll back when it throws.
import type pg from 'pg';
import { isConnectionLost } from './pg-errors.js';

export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let result: T;
  try {
    await client.query('BEGIN');
    result = await work(client);
    await client.query('COMMIT');
  } catch (err) {
    await abandonTransaction(client, err);
    throw err;
  }
  client.release();
  return result;
}

/**
 * Rolls back the transaction that failed with `err` and releases its client. A lost or stalled session
 * would make the ROLLBACK wait behind its last statement: the pool drops that connection instead, and
 * Postgres rolls back the transaction of a session that ends.
 */
export async function abandonTransaction(client: pg.PoolClient, err: unknown): Promise<void> {
  const drop = isConnectionLost(err) || !(await client.query('ROLLBACK').then(() => true, () => false));
  client.release(drop);
}
