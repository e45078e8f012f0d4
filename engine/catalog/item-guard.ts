// Who may write an item, and why a guarded write missed. Writes are single statements of the form
// `UPDATE ... WHERE id = $1 AND version = $2 AND <lock is free or mine>`; when one changes no row,
// `explainMiss` tells the three cases apart: gone (404), locked by someone else (423), stale (409).
import type pg from 'pg';
import type { Principal } from '../auth/principal.js';
import { EngineError, VersionConflictError } from '../platform/errors.js';
import { assertSellerMember } from './seller-store.js';

/** SQL condition (with the user id at `$userParam` and the lock TTL in ms at `$ttlParam`): the lock lets this user write. */
export function lockAllows(alias: string, userParam: number, ttlParam: number): string {
  return `(${alias}.locked_by IS NULL OR ${alias}.locked_by = $${userParam} OR ${alias}.locked_at <= now() - make_interval(secs => $${ttlParam}::double precision / 1000))`;
}

/** Throws unless the item exists and the principal may act for its seller; returns its seller id. */
export async function assertItemEditor(db: pg.Pool | pg.PoolClient, itemId: number, principal: Principal): Promise<number> {
  const { rows } = await db.query<{ seller_id: string }>('SELECT seller_id FROM items WHERE id = $1', [itemId]);
  if (rows.length === 0) throw new EngineError('NOT_FOUND', `item ${itemId} not found`);
  const sellerId = Number(rows[0].seller_id);
  await assertSellerMember(db, sellerId, principal);
  return sellerId;
}

export async function explainMiss(db: pg.Pool | pg.PoolClient, itemId: number, userId: number, lockTtlMs: number, entity = 'item', id: number = itemId): Promise<never> {
  const { rows } = await db.query<{ locked_by: string | null; live: boolean }>(
    `SELECT locked_by, locked_at > now() - make_interval(secs => $2::double precision / 1000) AS live FROM items WHERE id = $1`,
    [itemId, lockTtlMs],
  );
  if (rows.length === 0) throw new EngineError('NOT_FOUND', `item ${itemId} not found`);
  const { locked_by, live } = rows[0];
  if (locked_by !== null && Number(locked_by) !== userId && live) {
    throw new EngineError('LOCKED', `item ${itemId} is locked for editing by user ${locked_by}`);
  }
  throw new VersionConflictError(entity, id);
}
