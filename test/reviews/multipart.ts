// Builds a multipart/form-data body for upload tests.
import { randomBytes } from 'node:crypto';

export interface Part {
  field: string;
  filename?: string;
  contentType?: string;
  data: Buffer | string;
}

export function multipartBody(parts: Part[]): { body: Buffer; contentType: string } {
  const boundary = `----test${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.field}"${part.filename ? `; filename="${part.filename}"` : ''}`;
    const type = part.contentType ? `\r\nContent-Type: ${part.contentType}` : '';
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`), Buffer.from(part.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);

/** Bytes that start like the format (what the server sniffs), padded to size. */
export function fakeImage(kind: 'png' | 'jpeg' | 'webp' | 'gif', size = 256): Buffer {
  const head = kind === 'png' ? PNG : kind === 'jpeg' ? JPEG : kind === 'webp' ? Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1') : Buffer.from('GIF89a', 'latin1');
  return Buffer.concat([head, randomBytes(Math.max(0, size - head.length))]);
}

export function imagePart(kind: 'png' | 'jpeg' | 'webp' | 'gif', size?: number, filename = `photo.${kind}`): Part {
  return { field: 'images', filename, contentType: 'image/png', data: fakeImage(kind, size) };
}
