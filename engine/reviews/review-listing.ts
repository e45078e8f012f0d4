// The public reviews of an item: visible (not hidden) ones, best (most helpful) or latest first, with
// the star histogram and average over all of them; and an author's own reviews ("my reviews").
import type pg from 'pg';
import { encodeCursor, idPage, type Page } from '../platform/db/keyset-page.js';
import { reviewSelect, reviewView, type ReviewRow } from './review-rows.js';
import type { ReviewPage, ReviewView, StarHistogram } from './review-types.js';

export type ReviewSort = 'best' | 'latest';

const orderBy: Record<ReviewSort, string> = {
  best: 'r.helpful DESC, r.stars DESC, r.id DESC',
  latest: 'r.created_at DESC, r.id DESC',
};

export async function listItemReviews(db: pg.Pool, itemId: number, sort: ReviewSort, page: number, size: number): Promise<ReviewPage> {
  const [list, stats] = await Promise.all([
    db.query<ReviewRow>(`${reviewSelect} WHERE r.item_id = $1 AND NOT r.hidden ORDER BY ${orderBy[sort]} LIMIT $2 OFFSET $3`, [itemId, size, (page - 1) * size]),
    db.query<{ stars: number; n: number }>(
      'SELECT stars, count(*)::int AS n FROM reviews WHERE item_id = $1 AND NOT hidden GROUP BY stars',
      [itemId],
    ),
  ]);
  const histogram: StarHistogram = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  let total = 0;
  let starSum = 0;
  for (const { stars, n } of stats.rows) {
    histogram[String(stars) as keyof StarHistogram] = n;
    total += n;
    starSum += stars * n;
  }
  return {
    itemId, total, averageStars: total === 0 ? 0 : Math.round((starSum / total) * 10) / 10, histogram, page, size,
    items: list.rows.map(reviewView),
    next: page * size < total ? encodeCursor([String(page * size)]) : null,
  };
}

/** The author's reviews, newest first and keyset-paged; hidden ones too (marked hidden: the author may know). */
export async function listOwnReviews(db: pg.Pool, userId: number, limit: number, before?: number): Promise<Page<ReviewView>> {
  const { rows } = await db.query<ReviewRow>(
    `${reviewSelect} WHERE r.user_id = $1 AND r.id < coalesce($2::bigint, 9223372036854775807) ORDER BY r.id DESC LIMIT $3`,
    [userId, before ?? null, limit + 1],
  );
  return idPage(rows, limit, reviewView);
}
