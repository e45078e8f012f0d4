// Review images: only JPEG, PNG and WebP, judged by their leading bytes (never by the client's
// content type or file name), each under the size limit, at most the configured number per review.
// Files go to the object directory under a random name; rows and files are added all or nothing.
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import type { Principal } from '../auth/principal.js';
import { inTransaction } from '../platform/db/transaction.js';
import type { AfterSaleConfig } from '../after-sale/after-sale-config.js';
import { EngineError } from '../platform/errors.js';
import { deleteReviewRow, lockOwnReview, readReview } from './review-store.js';
import type { ReviewView } from './review-types.js';

export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';

export interface UploadedImage {
  originalName: string;
  bytes: Buffer;
}

const extensions: Record<ImageType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function sniffImageType(bytes: Buffer): ImageType | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

/** Checks every image before anything is written; answers their types in order. */
export function checkImages(images: UploadedImage[], limits: Pick<AfterSaleConfig, 'reviewImageMaxBytes' | 'reviewMaxImages'>): ImageType[] {
  if (images.length === 0) throw new EngineError('INVALID_INPUT', 'no image in the upload');
  if (images.length > limits.reviewMaxImages) throw new EngineError('TOO_MANY_IMAGES', `at most ${limits.reviewMaxImages} images per review`);
  return images.map((image) => {
    if (image.bytes.length > limits.reviewImageMaxBytes) throw new EngineError('IMAGE_TOO_LARGE', `"${image.originalName}" is over ${limits.reviewImageMaxBytes} bytes`);
    const type = sniffImageType(image.bytes);
    if (!type) throw new EngineError('IMAGE_TYPE_NOT_ALLOWED', `"${image.originalName}" is not a JPEG, PNG or WebP image`);
    return type;
  });
}

export async function addReviewImages(
  db: pg.Pool, config: AfterSaleConfig, principal: Principal, reviewId: number, images: UploadedImage[],
): Promise<ReviewView> {
  const types = checkImages(images, config);
  await mkdir(config.reviewImageDir, { recursive: true });
  const written: string[] = [];
  try {
    return await inTransaction(db, async (client) => {
      await lockOwnReview(client, principal, reviewId);
      const { rows } = await client.query<{ n: number; last: number }>(
        'SELECT count(*)::int AS n, COALESCE(max(position), 0)::int AS last FROM review_images WHERE review_id = $1',
        [reviewId],
      );
      if (rows[0].n + images.length > config.reviewMaxImages) {
        throw new EngineError('TOO_MANY_IMAGES', `review ${reviewId} has ${rows[0].n} images; at most ${config.reviewMaxImages} per review`);
      }
      for (const [i, image] of images.entries()) {
        const key = `${reviewId}-${randomUUID()}.${extensions[types[i]]}`;
        await writeFile(join(config.reviewImageDir, key), image.bytes, { flag: 'wx' });
        written.push(key);
        await client.query(
          `INSERT INTO review_images (review_id, position, original_name, storage_key, content_type, size_bytes)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [reviewId, rows[0].last + 1 + i, image.originalName.slice(0, 255), key, types[i], image.bytes.length],
        );
      }
      return readReview(client, reviewId);
    });
  } catch (err) {
    await removeImageFiles(config.reviewImageDir, written);
    throw err;
  }
}

async function removeImageFiles(dir: string, keys: string[]): Promise<void> {
  await Promise.all(keys.map((key) => rm(join(dir, key), { force: true })));
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
