// Who may write an item, and why a guarded write missed. Writes are single statements of the form
// `UPDATE ... WHERE id = $1 AND version = $2 AND <lock is free or mine>`; when one changes no row,
// `explainMiss` tells the three cases apart: gone (404), locked by someone else (423), stale (409).
import type pg from 'pg';
import type { Principal } from '../auth/principal.js';
import { EngineError, VersionConflictError } from '../platform/errors.js';
import { itemLockState, itemSellerId } from './item-rows.js';
import { assertSellerMember } from './seller-store.js';

/** Throws unless the item exists and the principal may act for its seller; returns its seller id. */
export async function assertItemEditor(db: pg.Pool | pg.PoolClient, itemId: number, principal: Principal): Promise<number> {
  const sellerId = await itemSellerId(db, itemId);
  if (sellerId === undefined) throw new EngineError('NOT_FOUND', `item ${itemId} not found`);
  await assertSellerMember(db, sellerId, principal);
  return sellerId;
}

export async function explainMiss(db: pg.Pool | pg.PoolClient, itemId: number, userId: number, lockTtlMs: number, entity = 'item', id: number = itemId): Promise<never> {
  const lock = await itemLockState(db, itemId, lockTtlMs);
  if (!lock) throw new EngineError('NOT_FOUND', `item ${itemId} not found`);
  if (lock.lockedBy !== null && lock.lockedBy !== userId && lock.live) {
    throw new EngineError('LOCKED', `item ${itemId} is locked for editing by user ${lock.lockedBy}`);
  }
  throw new VersionConflictError(entity, id);
}
