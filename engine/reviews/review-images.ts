// Review images: only JPEG, PNG and WebP (engine/platform/images/image-type.ts); their files live in
// the object directory under random names. Uploads are received by review-image-upload.ts; here they
// are counted, deleted and read.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import type { Principal } from '../auth/principal.js';
import { inTransaction } from '../platform/db/transaction.js';
import { EngineError } from '../platform/errors.js';
import { removeImageFiles } from '../platform/images/image-file.js';
import type { ImageType } from '../platform/images/image-type.js';
import { deleteReviewRow, lockOwnReview } from './review-store.js';

/** How many images the review has, and the last position taken. */
export async function imageCount(db: pg.Pool | pg.PoolClient, reviewId: number): Promise<{ n: number; last: number }> {
  const { rows } = await db.query<{ n: number; last: number }>(
    'SELECT count(*)::int AS n, COALESCE(max(position), 0)::int AS last FROM review_images WHERE review_id = $1',
    [reviewId],
  );
  return rows[0];
}

/** Deletes the author's review (version-checked), then its image files once the rows are gone. */
export async function deleteReviewWithImages(db: pg.Pool, dir: string, principal: Principal, id: number, version: number): Promise<void> {
  const keys = await inTransaction(db, async (client) => {
    await lockOwnReview(client, principal, id, version);
    const { rows } = await client.query<{ storage_key: string }>('SELECT storage_key FROM review_images WHERE review_id = $1', [id]);
    await deleteReviewRow(client, id);
    return rows.map((r) => r.storage_key);
  });
  await removeImageFiles(dir, keys);
}

/** The bytes of an image of a visible review. */
export async function readReviewImage(db: pg.Pool, dir: string, imageId: number): Promise<{ contentType: ImageType; bytes: Buffer }> {
  const { rows } = await db.query<{ storage_key: string; content_type: ImageType }>(
    `SELECT i.storage_key, i.content_type FROM review_images i JOIN reviews r ON r.id = i.review_id WHERE i.id = $1 AND NOT r.hidden`,
    [imageId],
  );
  if (rows.length === 0) throw new EngineError('NOT_FOUND', `image ${imageId} not found`);
  return { contentType: rows[0].content_type, bytes: await readFile(join(dir, rows[0].storage_key)) };
}
