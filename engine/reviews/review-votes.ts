// Helpful / not-helpful votes: one per user and review, changeable; the review's counters move by
// the difference in the same transaction, so they always equal the votes.
import type pg from 'pg';
import type { Principal } from '../auth/principal.js';
import { inTransaction } from '../platform/db/transaction.js';
import { EngineError } from '../platform/errors.js';
import type { VoteResult } from './review-types.js';

export async function voteOnReview(db: pg.Pool, principal: Principal, reviewId: number, helpful: boolean): Promise<VoteResult> {
  return inTransaction(db, async (client) => {
    const review = await client.query<{ user_id: string; hidden: boolean }>('SELECT user_id, hidden FROM reviews WHERE id = $1 FOR UPDATE', [reviewId]);
    if (review.rows.length === 0 || review.rows[0].hidden) throw new EngineError('NOT_FOUND', `review ${reviewId} not found`);
    if (Number(review.rows[0].user_id) === principal.userId) throw new EngineError('FORBIDDEN', 'you cannot vote on your own review');
    const before = await client.query<{ helpful: boolean }>('SELECT helpful FROM review_votes WHERE review_id = $1 AND user_id = $2', [reviewId, principal.userId]);
    const previous = before.rows[0]?.helpful;
    if (previous !== helpful) {
      await client.query(
        `INSERT INTO review_votes (review_id, user_id, helpful) VALUES ($1, $2, $3)
         ON CONFLICT (review_id, user_id) DO UPDATE SET helpful = EXCLUDED.helpful, voted_at = now()`,
        [reviewId, principal.userId, helpful],
      );
      const delta = (vote: boolean) => (helpful === vote ? 1 : 0) - (previous === vote ? 1 : 0);
      await client.query('UPDATE reviews SET helpful = helpful + $2, not_helpful = not_helpful + $3 WHERE id = $1', [reviewId, delta(true), delta(false)]);
    }
    const { rows } = await client.query<{ helpful: number; not_helpful: number }>('SELECT helpful, not_helpful FROM reviews WHERE id = $1', [reviewId]);
    return { reviewId, helpful: rows[0].helpful, notHelpful: rows[0].not_helpful, yourVote: helpful ? 'helpful' : 'not_helpful' };
  });
}
