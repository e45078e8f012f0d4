// One upload of item images while it is received. The item is checked (exists, the uploader acts for
// its seller, has room) before any byte of the body is read; each file streams to
// <ITEM_IMAGE_DIR>/incoming (engine/platform/images/image-file.ts), refused at the first rule it
// breaks. commit() decodes each file with sharp (a file with an image's leading bytes that does not
// decode is IMAGE_UNREADABLE), writes its WebP thumbnail, then moves the files into place with their
// rows, all or nothing; discard() removes whatever did not get there.
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Principal } from '../auth/principal.js';
import { inTransaction } from '../platform/db/transaction.js';
import { EngineError } from '../platform/errors.js';
import { receiveImageFile, removeImageFiles, type ImageReceiver, type ReceivedImage } from '../platform/images/image-file.js';
import { imageExtensions } from '../platform/images/image-type.js';
import { invalidateCatalogCache, type CatalogWriteContext } from './catalog-cache.js';
import type { ItemImageConfig } from './catalog-config.js';
import type { ItemView } from './catalog-types.js';
import { insertItemImage, itemImageCount, type StoredItemImage } from './item-images.js';
import { assertItemEditor } from './item-guard.js';
import { readItem } from './item-view.js';

/** a decompression bomb (a small file of huge dimensions) is refused before it is decoded */
const MAX_INPUT_PIXELS = 50_000_000;

export interface ItemImageContext extends CatalogWriteContext {
  images: ItemImageConfig;
  lockTtlMs: number;
}

interface Decoded {
  image: ReceivedImage;
  width: number;
  height: number;
  thumbPath: string;
  thumbWidth: number;
  thumbHeight: number;
}

export class ItemImageUpload implements ImageReceiver {
  /** files received whole, with their part's place in the upload (they may finish in another order) */
  private readonly received: (ReceivedImage & { part: number })[] = [];
  private parts = 0;
  /** every file this upload created in the incoming directory */
  private readonly paths: string[] = [];

  private constructor(
    private readonly ctx: ItemImageContext,
    private readonly itemId: number,
  ) {}

  /** NOT_FOUND, SELLER_REQUIRED or TOO_MANY_IMAGES before the upload's body is read. */
  static async start(ctx: ItemImageContext, principal: Principal, itemId: number): Promise<ItemImageUpload> {
    await assertItemEditor(ctx.db, itemId, principal);
    const { n } = await itemImageCount(ctx.db, itemId);
    if (n >= ctx.images.maxImages) throw tooMany(itemId, n, ctx.images.maxImages);
    await mkdir(incoming(ctx), { recursive: true });
    return new ItemImageUpload(ctx, itemId);
  }

  /**
   * Writes one file to disk. Too many files are refused at commit, once the body (bounded by the upload's
   * cap) is read: refused mid-body, a small upload's client was often still writing and saw ECONNRESET.
   */
  async receive(originalName: string, bytes: AsyncIterable<Buffer>): Promise<void> {
    const part = this.parts++;
    this.received.push({ ...(await receiveImageFile(incoming(this.ctx), originalName, bytes, this.ctx.images.maxBytes, (path) => this.paths.push(path))), part });
  }

  /** Decodes and thumbnails every file, then places them with their rows; answers the item. */
  async commit(): Promise<ItemView> {
    if (this.received.length === 0) throw new EngineError('INVALID_INPUT', 'no image in the upload');
    const decoded: Decoded[] = [];
    this.received.sort((a, b) => a.part - b.part); // the upload's part order
    for (const image of this.received) decoded.push(await this.decode(image));
    const { db, images, redis, namespace, lockTtlMs } = this.ctx;
    const placed: string[] = [];
    try {
      await inTransaction(db, async (client) => {
        // the item row lock orders concurrent uploads of one item; the item may be gone since start()
        const { rowCount } = await client.query('SELECT 1 FROM items WHERE id = $1 FOR UPDATE', [this.itemId]);
        if (rowCount === 0) throw new EngineError('NOT_FOUND', `item ${this.itemId} not found`);
        const { n, last } = await itemImageCount(client, this.itemId);
        if (n + decoded.length > images.maxImages) throw tooMany(this.itemId, n, images.maxImages);
        for (const [i, d] of decoded.entries()) {
          const base = `${this.itemId}-${randomUUID()}`;
          const stored: StoredItemImage = {
            originalName: d.image.originalName, storageKey: `${base}.${imageExtensions[d.image.type]}`, contentType: d.image.type,
            sizeBytes: d.image.sizeBytes, width: d.width, height: d.height,
            thumbnailKey: `${base}.thumb.webp`, thumbWidth: d.thumbWidth, thumbHeight: d.thumbHeight,
          };
          await rename(d.image.path, join(images.dir, stored.storageKey));
          placed.push(stored.storageKey);
          await rename(d.thumbPath, join(images.dir, stored.thumbnailKey));
          placed.push(stored.thumbnailKey);
          await insertItemImage(client, this.itemId, last + 1 + i, stored);
        }
      });
    } catch (err) {
      await removeImageFiles(images.dir, placed);
      throw err;
    }
    await invalidateCatalogCache(redis, namespace);
    return readItem(db, this.itemId, lockTtlMs);
  }

  /** Removes the files still in the incoming directory (all of them unless commit() moved them). */
  async discard(): Promise<void> {
    await Promise.all(this.paths.map((path) => rm(path, { force: true })));
  }

  private async decode(image: ReceivedImage): Promise<Decoded> {
    const thumbPath = `${image.path}.thumb`;
    this.paths.push(thumbPath);
    const px = this.ctx.images.thumbnailPx;
    try {
      // autoOrient and rotate() follow the EXIF orientation, so sizes are as the image is shown
      const source = sharp(image.path, { limitInputPixels: MAX_INPUT_PIXELS });
      const { width, height } = (await source.metadata()).autoOrient;
      const thumb = await source.rotate().resize({ width: px, height: px, fit: 'inside', withoutEnlargement: true }).webp().toFile(thumbPath);
      return { image, width, height, thumbPath, thumbWidth: thumb.width, thumbHeight: thumb.height };
    } catch (err) {
      throw new EngineError('IMAGE_UNREADABLE', `"${image.originalName}" could not be decoded as ${image.type}`, { cause: err });
    }
  }
}

function incoming(ctx: ItemImageContext): string {
  return join(ctx.images.dir, 'incoming');
}

function tooMany(itemId: number, has: number, max: number): EngineError {
  return new EngineError('TOO_MANY_IMAGES', `item ${itemId} has ${has} images; at most ${max} per item`);
}
