// Helpful / not-helpful votes: one per user and review, changeable; the review's counters move by
// the difference in the same transaction, so they always equal the votes.
import type pg from 'pg';
import type { Principal } from '../auth/principal.js';
import { inTransaction } from '../platform/db/transaction.js';
import { EngineError } from '../platform/errors.js';
import { addVoteCounts, lockVisibleReviewAuthor, voteCounts } from './review-store.js';
import type { VoteResult } from './review-types.js';

export async function voteOnReview(db: pg.Pool, principal: Principal, reviewId: number, helpful: boolean): Promise<VoteResult> {
  return inTransaction(db, async (client) => {
    if ((await lockVisibleReviewAuthor(client, reviewId)) === principal.userId) throw new EngineError('FORBIDDEN', 'you cannot vote on your own review');
    const before = await client.query<{ helpful: boolean }>('SELECT helpful FROM review_votes WHERE review_id = $1 AND user_id = $2', [reviewId, principal.userId]);
    const previous = before.rows[0]?.helpful;
    let counts: { helpful: number; notHelpful: number };
    if (previous === helpful) counts = await voteCounts(client, reviewId);
    else {
      await client.query(
        `INSERT INTO review_votes (review_id, user_id, helpful) VALUES ($1, $2, $3)
         ON CONFLICT (review_id, user_id) DO UPDATE SET helpful = EXCLUDED.helpful, voted_at = now()`,
        [reviewId, principal.userId, helpful],
      );
      const delta = (vote: boolean) => (helpful === vote ? 1 : 0) - (previous === vote ? 1 : 0);
      counts = await addVoteCounts(client, reviewId, delta(true), delta(false));
    }
    return { reviewId, ...counts, yourVote: helpful ? 'helpful' : 'not_helpful' };
  });
}
