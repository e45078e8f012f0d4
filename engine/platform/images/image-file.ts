// Receives one uploaded image file onto disk as its bytes arrive (review and item uploads): refused
// the moment it passes the size limit or its leading bytes are not a JPEG, PNG or WebP image, so no
// upload is ever held in memory.
import { randomUUID } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { EngineError } from '../errors.js';
import { sniffImageType, SNIFF_BYTES, type ImageType } from './image-type.js';

export interface ReceivedImage {
  originalName: string;
  path: string;
  type: ImageType;
  sizeBytes: number;
}

/** What an upload's transport streams files into (edge/http/image-uploads.ts). */
export interface ImageReceiver {
  receive(originalName: string, bytes: AsyncIterable<Buffer>): Promise<void>;
}

/**
 * Writes the file to a new `<dir>/<uuid>.part`, handing its path to `created` before the first byte
 * (the caller removes it whatever happens); throws IMAGE_TOO_LARGE or IMAGE_TYPE_NOT_ALLOWED.
 */
export async function receiveImageFile(
  dir: string,
  originalName: string,
  bytes: AsyncIterable<Buffer>,
  maxBytes: number,
  created: (path: string) => void,
): Promise<ReceivedImage> {
  const path = join(dir, `${randomUUID()}.part`);
  created(path);
  const file = await open(path, 'wx');
  let sizeBytes = 0;
  let head = Buffer.alloc(0);
  try {
    for await (const chunk of bytes) {
      sizeBytes += chunk.length;
      if (sizeBytes > maxBytes) throw new EngineError('IMAGE_TOO_LARGE', `"${originalName}" is over ${maxBytes} bytes`);
      if (head.length < SNIFF_BYTES) {
        head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
        if (head.length === SNIFF_BYTES) typeOf(head, originalName);
      }
      await file.write(chunk);
    }
  } finally {
    await file.close();
  }
  return { originalName, path, type: typeOf(head, originalName), sizeBytes };
}

function typeOf(head: Buffer, originalName: string): ImageType {
  const type = sniffImageType(head);
  if (!type) throw new EngineError('IMAGE_TYPE_NOT_ALLOWED', `"${originalName}" is not a JPEG, PNG or WebP image`);
  return type;
}

/** Removes stored image files by name (a missing one is fine). */
export async function removeImageFiles(dir: string, keys: string[]): Promise<void> {
  await Promise.all(keys.map((key) => rm(join(dir, key), { force: true })));
}
