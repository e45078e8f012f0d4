// SQL of the `item_images` table and the files it names: an item's images as its detail lists them,
// one image (or its thumbnail) read for the public GET, counted for the per-item cap. Uploads are
// received by item-image-upload.ts. Files live in ITEM_IMAGE_DIR under random names.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import { EngineError } from '../platform/errors.js';
import type { ImageType } from '../platform/images/image-type.js';
import type { ItemImageView } from './catalog-types.js';
import { publicLifecycles } from './lifecycle.js';

type Queryable = pg.Pool | pg.PoolClient;

export interface ItemImageRow {
  id: number;
  content_type: ImageType;
  width: number;
  height: number;
  thumb_width: number;
  thumb_height: number;
}

/** SQL expression: the images of item `alias` as a JSON array of ItemImageRow, in position order (null when none). */
export function itemImagesJson(alias: string): string {
  return `(SELECT json_agg(json_build_object('id', m.id, 'content_type', m.content_type, 'width', m.width, 'height', m.height,
      'thumb_width', m.thumb_width, 'thumb_height', m.thumb_height) ORDER BY m.position)
    FROM item_images m WHERE m.item_id = ${alias}.id)`;
}

export function imageView(row: ItemImageRow): ItemImageView {
  const url = `/api/v1/item-images/${row.id}`;
  return {
    id: Number(row.id),
    contentType: row.content_type,
    width: row.width,
    height: row.height,
    url,
    thumbnail: { url: `${url}/thumbnail`, width: row.thumb_width, height: row.thumb_height },
  };
}

export interface StoredItemImage {
  originalName: string;
  storageKey: string;
  contentType: ImageType;
  sizeBytes: number;
  width: number;
  height: number;
  thumbnailKey: string;
  thumbWidth: number;
  thumbHeight: number;
}

/** How many images the item has, and the last position taken. */
export async function itemImageCount(db: Queryable, itemId: number): Promise<{ n: number; last: number }> {
  const { rows } = await db.query<{ n: number; last: number }>(
    'SELECT count(*)::int AS n, COALESCE(max(position), 0)::int AS last FROM item_images WHERE item_id = $1',
    [itemId],
  );
  return rows[0];
}

export async function insertItemImage(client: pg.PoolClient, itemId: number, position: number, image: StoredItemImage): Promise<void> {
  await client.query(
    `INSERT INTO item_images (item_id, position, original_name, storage_key, content_type, size_bytes, width, height, thumbnail_key, thumb_width, thumb_height)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [itemId, position, image.originalName.slice(0, 255), image.storageKey, image.contentType, image.sizeBytes, image.width, image.height,
      image.thumbnailKey, image.thumbWidth, image.thumbHeight],
  );
}

/** The file names of the item's images and thumbnails. */
export async function itemImageFiles(db: Queryable, itemId: number): Promise<string[]> {
  const { rows } = await db.query<{ storage_key: string; thumbnail_key: string }>('SELECT storage_key, thumbnail_key FROM item_images WHERE item_id = $1', [itemId]);
  return rows.flatMap((r) => [r.storage_key, r.thumbnail_key]);
}

/** The bytes of an image (or its WebP thumbnail) of an item on public view. */
export async function readItemImage(db: pg.Pool, dir: string, imageId: number, thumbnail: boolean): Promise<{ contentType: ImageType; bytes: Buffer }> {
  const { rows } = await db.query<{ storage_key: string; thumbnail_key: string; content_type: ImageType }>(
    `SELECT m.storage_key, m.thumbnail_key, m.content_type FROM item_images m JOIN items i ON i.id = m.item_id
     WHERE m.id = $1 AND i.lifecycle = ANY($2::text[])`,
    [imageId, publicLifecycles],
  );
  if (rows.length === 0) throw new EngineError('NOT_FOUND', `image ${imageId} not found`);
  const row = rows[0];
  const key = thumbnail ? row.thumbnail_key : row.storage_key;
  return { contentType: thumbnail ? 'image/webp' : row.content_type, bytes: await readFile(join(dir, key)) };
}
