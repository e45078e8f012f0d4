// Reads the image files of a multipart upload into memory, bounded: at most maxImages files of at
// most maxBytes each (busboy stops reading a file one byte past that), no other fields. The whole
// body is always read, even after a problem, so the keep-alive connection stays usable; the first
// problem is thrown at the end. The route's max_body_length bounds the body as a whole. Type checks
// happen in the engine.
import type HyperExpress from 'hyper-express';
import type { UploadedImage } from '../../engine/reviews/review-images.js';
import { EngineError } from '../../engine/platform/errors.js';

export const IMAGE_FIELD = 'images';

export async function readImageParts(req: HyperExpress.Request, maxImages: number, maxBytes: number): Promise<UploadedImage[]> {
  const contentType = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data;/i.test(contentType)) {
    throw new EngineError('UNSUPPORTED_MEDIA_TYPE', 'send the images as multipart/form-data');
  }
  // hyper-express streams only bodies with a Content-Length; without one (empty, or chunked) its request
  // stream has no _read, and busboy reading it crashed the process with an unhandled stream 'error'
  if (!(Number(req.headers['content-length']) > 0)) throw new EngineError('INVALID_INPUT', 'no image in the upload');
  const images: UploadedImage[] = [];
  let problem: EngineError | undefined;
  try {
    // a part the handler leaves unread is drained by hyper-express
    await req.multipart({ headers: { ...req.headers, 'content-type': contentType }, limits: { fileSize: maxBytes + 1 } }, async (field) => {
      const file = field.file;
      if (!file || field.name !== IMAGE_FIELD) problem ??= new EngineError('INVALID_INPUT', `only files in "${IMAGE_FIELD}" parts are accepted`);
      if (images.length >= maxImages) problem ??= new EngineError('TOO_MANY_IMAGES', `at most ${maxImages} images per review`);
      if (problem || !file) return;
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of file.stream) {
        chunks.push(chunk as Buffer);
        size += (chunk as Buffer).length;
      }
      if (size > maxBytes) problem = new EngineError('IMAGE_TOO_LARGE', `an image is over ${maxBytes} bytes`);
      else images.push({ originalName: file.name ?? 'image', bytes: Buffer.concat(chunks, size) });
    });
  } catch (err) {
    throw new EngineError('INVALID_INPUT', 'malformed multipart body', { cause: err });
  }
  if (problem) throw problem;
  return images;
}
