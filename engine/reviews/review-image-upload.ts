// One upload of review images while it is received. Its review is checked (exists, is the uploader's,
// has room) before any byte of the body is read; each file streams to <REVIEW_IMAGE_DIR>/incoming as it
// arrives (engine/platform/images/image-file.ts) and is refused the moment it breaks a rule (over the
// size limit, leading bytes not an image, one file too many), so no upload is ever held in memory.
// commit() moves the files into place with their rows, all or nothing; discard() removes whatever did
// not get there.
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import type { AfterSaleConfig } from '../after-sale/after-sale-config.js';
import type { Principal } from '../auth/principal.js';
import { inTransaction } from '../platform/db/transaction.js';
import { EngineError } from '../platform/errors.js';
import { receiveImageFile, removeImageFiles, type ImageReceiver, type ReceivedImage } from '../platform/images/image-file.js';
import { imageExtensions } from '../platform/images/image-type.js';
import { imageCount } from './review-images.js';
import { checkOwnReview, lockOwnReview, readReview } from './review-store.js';
import type { ReviewView } from './review-types.js';

type UploadLimits = Pick<AfterSaleConfig, 'reviewImageDir' | 'reviewImageMaxBytes' | 'reviewMaxImages'>;

/** Where files are written while they arrive: in the image directory, so moving them into place is a rename. */
export function incomingDir(imageDir: string): string {
  return join(imageDir, 'incoming');
}

export class ReviewImageUpload implements ImageReceiver {
  /** files received whole, with their part's place in the upload (they may finish in another order) */
  private readonly received: (ReceivedImage & { part: number })[] = [];
  private parts = 0;
  /** every file this upload created in the incoming directory, received whole or not */
  private readonly paths: string[] = [];

  private constructor(
    private readonly db: pg.Pool,
    private readonly limits: UploadLimits,
    private readonly principal: Principal,
    private readonly reviewId: number,
    /** images the review can still take */
    private readonly room: number,
  ) {}

  /** NOT_FOUND, FORBIDDEN or TOO_MANY_IMAGES before the upload's body is read. */
  static async start(db: pg.Pool, limits: UploadLimits, principal: Principal, reviewId: number): Promise<ReviewImageUpload> {
    await checkOwnReview(db, principal, reviewId);
    const { n } = await imageCount(db, reviewId);
    if (n >= limits.reviewMaxImages) throw tooMany(reviewId, n, limits.reviewMaxImages);
    await mkdir(incomingDir(limits.reviewImageDir), { recursive: true });
    return new ReviewImageUpload(db, limits, principal, reviewId, limits.reviewMaxImages - n);
  }

  /** Writes one file to disk as its bytes arrive; throws (and stops reading) at the first rule it breaks. */
  async receive(originalName: string, bytes: AsyncIterable<Buffer>): Promise<void> {
    if (this.received.length >= this.room) {
      throw new EngineError('TOO_MANY_IMAGES', `review ${this.reviewId} takes ${this.room} more images; at most ${this.limits.reviewMaxImages} per review`);
    }
    const dir = incomingDir(this.limits.reviewImageDir);
    const part = this.parts++;
    this.received.push({ ...(await receiveImageFile(dir, originalName, bytes, this.limits.reviewImageMaxBytes, (path) => this.paths.push(path))), part });
  }

  /** Moves the received files into place and adds their rows, all or nothing; answers the review. */
  async commit(): Promise<ReviewView> {
    if (this.received.length === 0) throw new EngineError('INVALID_INPUT', 'no image in the upload');
    const placed: string[] = [];
    try {
      return await inTransaction(this.db, async (client) => {
        await lockOwnReview(client, this.principal, this.reviewId);
        const { n, last } = await imageCount(client, this.reviewId);
        // another upload may have filled the review since start()
        if (n + this.received.length > this.limits.reviewMaxImages) throw tooMany(this.reviewId, n, this.limits.reviewMaxImages);
        this.received.sort((a, b) => a.part - b.part); // the upload's part order
        for (const [i, image] of this.received.entries()) {
          const key = `${this.reviewId}-${randomUUID()}.${imageExtensions[image.type]}`;
          await rename(image.path, join(this.limits.reviewImageDir, key));
          placed.push(key);
          await client.query(
            `INSERT INTO review_images (review_id, position, original_name, storage_key, content_type, size_bytes)
             VALUES ($1, $2, $3, $4, $5, $6)`,
            [this.reviewId, last + 1 + i, image.originalName.slice(0, 255), key, image.type, image.sizeBytes],
          );
        }
        return readReview(client, this.reviewId);
      });
    } catch (err) {
      await removeImageFiles(this.limits.reviewImageDir, placed);
      throw err;
    }
  }

  /** Removes the files still in the incoming directory (all of them unless commit() moved them). */
  async discard(): Promise<void> {
    await Promise.all(this.paths.map((path) => rm(path, { force: true })));
  }
}

function tooMany(reviewId: number, has: number, max: number): EngineError {
  return new EngineError('TOO_MANY_IMAGES', `review ${reviewId} has ${has} images; at most ${max} per review`);
}
