// The transport of a review image upload: its headers are checked before the body is touched (a
// multipart type, a Content-Length within the route's cap), then each file part streams into the
// engine's ReviewImageUpload as it arrives. The first problem (a part that is not an image file, a file
// the engine refuses, a malformed body) stops the reading: the route answers at once and closes the
// connection (sendErrorUnread) instead of reading the rest.
import type HyperExpress from 'hyper-express';
import type { ReviewImageUpload } from '../../engine/reviews/review-image-upload.js';
import { EngineError } from '../../engine/platform/errors.js';

export const IMAGE_FIELD = 'images';

export function checkUploadHeaders(req: HyperExpress.Request, cap: number): void {
  if (!/^multipart\/form-data;/i.test(req.headers['content-type'] ?? '')) {
    throw new EngineError('UNSUPPORTED_MEDIA_TYPE', 'send the images as multipart/form-data');
  }
  // hyper-express streams only bodies with a Content-Length; without one (empty, or chunked) its request
  // stream has no _read, and busboy reading it crashed the process with an unhandled stream 'error'
  const length = Number(req.headers['content-length']);
  if (!(length > 0)) throw new EngineError('INVALID_INPUT', 'no image in the upload');
  if (length > cap) throw new EngineError('PAYLOAD_TOO_LARGE', `an upload is at most ${cap} bytes`);
}

/** Streams every file part into `upload`; resolves once the whole body was received and written. */
export async function receiveImageParts(req: HyperExpress.Request, upload: ReviewImageUpload, maxImageBytes: number): Promise<void> {
  const receiving: Promise<void>[] = [];
  // kept here too: hyper-express may end a short form before a refusal thrown by its last field reaches it
  let wrongPart: EngineError | undefined;
  let failure: unknown = undefined;
  try {
    // busboy's own cap is a backstop: the engine refuses the file one byte past the limit
    await req.multipart({ headers: { 'content-type': req.headers['content-type'] ?? '' }, limits: { fileSize: maxImageBytes + 1 } }, (field) => {
      if (!field.file || field.name !== IMAGE_FIELD) throw (wrongPart ??= new EngineError('INVALID_INPUT', `only files in "${IMAGE_FIELD}" parts are accepted`));
      const received = upload.receive(field.file.name ?? 'image', field.file.stream);
      receiving.push(received);
      // hyper-express 6.18 awaits this, unguarded, once a client went away mid-file: any rejection but a
      // refusal (which must stop the reading) would be unhandled and end the process. The file's
      // outcome is read from `receiving` below either way.
      return received.catch((err: unknown) => {
        if (err instanceof EngineError) throw err;
      });
    });
  } catch (err) {
    failure = err;
  }
  // every file settles before the upload may be committed or discarded; hyper-express ends the form
  // quietly when the client goes away mid-body: a file cut short fails here, and an upload cut between
  // two files is not taken for a whole one (req.received below)
  const files = await Promise.allSettled(receiving);
  const errors = [wrongPart, failure, ...files.map((r) => (r.status === 'rejected' ? r.reason : undefined))].filter((e) => e !== undefined);
  // a refused file also breaks its stream: answer the refusal, not the stream error that followed it
  const refusal = errors.find((e) => e instanceof EngineError);
  if (refusal) throw refusal;
  if (errors.length > 0) throw new EngineError('INVALID_INPUT', 'malformed multipart body', { cause: errors[0] });
  if (!req.received) throw new EngineError('INVALID_INPUT', 'the upload ended before its body did');
}
