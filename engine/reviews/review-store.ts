// Reviews: the buyer of a delivered order item writes one, edits or deletes it (version-checked);
// a member of the item's seller may hide an abusive one.
import type pg from 'pg';
import type { Principal } from '../auth/principal.js';
import { inTransaction } from '../platform/db/transaction.js';
import { lockBuyersDeliveredItem } from '../after-sale/after-sale-requests.js';
import { assertSellerMember } from '../catalog/seller-store.js';
import { EngineError, VersionConflictError } from '../platform/errors.js';
import { reviewSelect, reviewView, type ReviewRow } from './review-rows.js';
import type { NewReview, ReviewHide, ReviewUpdate, ReviewView } from './review-types.js';

export async function readReview(db: pg.Pool | pg.PoolClient, id: number): Promise<ReviewView> {
  const { rows } = await db.query<ReviewRow>(`${reviewSelect} WHERE r.id = $1`, [id]);
  if (rows.length === 0) throw new EngineError('NOT_FOUND', `review ${id} not found`);
  return reviewView(rows[0]);
}

/** A review as the public reads it: a hidden review looks exactly like a missing one. */
export async function readVisibleReview(db: pg.Pool, id: number): Promise<ReviewView> {
  const review = await readReview(db, id);
  if (review.hidden) throw new EngineError('NOT_FOUND', `review ${review.id} not found`);
  return review;
}

export async function createReview(db: pg.Pool, principal: Principal, input: NewReview): Promise<ReviewView> {
  const id = await inTransaction(db, async (client) => {
    const item = await lockBuyersDeliveredItem(client, input.orderItemId, principal.userId);
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO reviews (order_item_id, item_id, seller_id, user_id, title, content, stars)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (order_item_id) DO NOTHING RETURNING id`,
      [input.orderItemId, item.itemId, item.sellerId, principal.userId, input.title, input.content ?? '', input.stars],
    );
    if (rows.length === 0) throw new EngineError('REVIEW_EXISTS', `order item ${input.orderItemId} has been reviewed already`);
    return Number(rows[0].id);
  });
  return readReview(db, id);
}

/** Locks the review for a write by its author at the version they read; others get FORBIDDEN. */
export async function lockOwnReview(client: pg.PoolClient, principal: Principal, id: number, version?: number): Promise<void> {
  const { rows } = await client.query<{ user_id: string; version: number }>('SELECT user_id, version FROM reviews WHERE id = $1 FOR UPDATE', [id]);
  assertAuthor(rows[0], principal, id);
  if (version !== undefined && rows[0].version !== version) throw new VersionConflictError('review', id);
}

/** The author check without a lock: an upload asks it before reading its body, and again under lockOwnReview. */
export async function checkOwnReview(db: pg.Pool, principal: Principal, id: number): Promise<void> {
  const { rows } = await db.query<{ user_id: string }>('SELECT user_id FROM reviews WHERE id = $1', [id]);
  assertAuthor(rows[0], principal, id);
}

function assertAuthor(row: { user_id: string } | undefined, principal: Principal, id: number): void {
  if (!row) throw new EngineError('NOT_FOUND', `review ${id} not found`);
  if (Number(row.user_id) !== principal.userId) throw new EngineError('FORBIDDEN', 'only the author may change a review');
}

export async function updateReview(db: pg.Pool, principal: Principal, id: number, change: ReviewUpdate): Promise<ReviewView> {
  return inTransaction(db, async (client) => {
    await lockOwnReview(client, principal, id, change.version);
    await client.query(
      `UPDATE reviews SET title = COALESCE($2, title), content = COALESCE($3, content), stars = COALESCE($4, stars),
         version = version + 1, updated_at = now() WHERE id = $1`,
      [id, change.title ?? null, change.content ?? null, change.stars ?? null],
    );
    return readReview(client, id);
  });
}

/** Deletes a review locked by lockOwnReview (its image rows go with it). */
export async function deleteReviewRow(client: pg.PoolClient, id: number): Promise<void> {
  await client.query('DELETE FROM reviews WHERE id = $1', [id]);
}

export async function hideReview(db: pg.Pool, principal: Principal, id: number, input: ReviewHide): Promise<ReviewView> {
  return inTransaction(db, async (client) => {
    const { rows } = await client.query<{ seller_id: string; version: number }>('SELECT seller_id, version FROM reviews WHERE id = $1 FOR UPDATE', [id]);
    if (rows.length === 0) throw new EngineError('NOT_FOUND', `review ${id} not found`);
    await assertSellerMember(client, Number(rows[0].seller_id), principal);
    if (rows[0].version !== input.version) throw new VersionConflictError('review', id);
    await client.query(
      'UPDATE reviews SET hidden = true, hidden_reason = $2, version = version + 1, updated_at = now() WHERE id = $1',
      [id, input.reason],
    );
    return readReview(client, id);
  });
}

/** Locks a visible review for a vote; answers its author (a hidden review looks missing). */
export async function lockVisibleReviewAuthor(client: pg.PoolClient, id: number): Promise<number> {
  const { rows } = await client.query<{ user_id: string; hidden: boolean }>('SELECT user_id, hidden FROM reviews WHERE id = $1 FOR UPDATE', [id]);
  if (rows.length === 0 || rows[0].hidden) throw new EngineError('NOT_FOUND', `review ${id} not found`);
  return Number(rows[0].user_id);
}

/** Moves the vote counters of a review locked by lockVisibleReviewAuthor; answers the new counts. */
export async function addVoteCounts(client: pg.PoolClient, id: number, helpful: number, notHelpful: number): Promise<{ helpful: number; notHelpful: number }> {
  const { rows } = await client.query<{ helpful: number; not_helpful: number }>(
    'UPDATE reviews SET helpful = helpful + $2, not_helpful = not_helpful + $3 WHERE id = $1 RETURNING helpful, not_helpful',
    [id, helpful, notHelpful],
  );
  return { helpful: rows[0].helpful, notHelpful: rows[0].not_helpful };
}

export async function voteCounts(client: pg.PoolClient, id: number): Promise<{ helpful: number; notHelpful: number }> {
  const { rows } = await client.query<{ helpful: number; not_helpful: number }>('SELECT helpful, not_helpful FROM reviews WHERE id = $1', [id]);
  return { helpful: rows[0].helpful, notHelpful: rows[0].not_helpful };
}
