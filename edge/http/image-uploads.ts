// The transport of an image upload (review and item images): its headers are checked before the body
// is touched (a multipart type, a Content-Length within the route's cap), then each file part streams into the
// engine's ImageReceiver as it arrives. The first problem (a part that is not an image file, a file
// the engine refuses, a malformed body) stops the reading: the rest of the body is dropped and the
// route answers (refuseUpload).
import type HyperExpress from 'hyper-express';
import type { ImageReceiver } from '../../engine/platform/images/image-file.js';
import { imageExtensions, type ImageType } from '../../engine/platform/images/image-type.js';
import { EngineError, errorStatus, type ErrorCode } from '../../engine/platform/errors.js';
import { declaredBodyBytes, sendError, type ErrorAnswer } from './http-errors.js';
import { ConcurrencyGate } from './concurrency-gate.js';

export const IMAGE_FIELD = 'images';
/** room for the multipart framing around the files */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
/** an upload route's hyper-express options: no body limit (past one it reads the whole body before answering); the upload's cap applies instead */
export const UNLIMITED_BODY = { max_body_length: Number.MAX_SAFE_INTEGER };

/** The body of an image upload, for the OpenAPI document. */
export const imagePartsSchema = {
  type: 'object',
  properties: { [IMAGE_FIELD]: { type: 'array', items: { type: 'string', contentMediaType: 'application/octet-stream' }, description: 'JPEG, PNG or WebP files (by content)' } },
  required: [IMAGE_FIELD],
} as const;

/** An upload the engine receives: its files placed with their rows by commit(), or removed by discard(). */
export interface ImageUpload<T> extends ImageReceiver {
  commit(): Promise<T>;
  discard(): Promise<void>;
}

export interface ImageUploadLimits {
  /** the largest body, its multipart framing included */
  cap: number;
  maxImageBytes: number;
  /** uploads this process receives at once; past it, 503 UPLOADS_BUSY */
  gate: ConcurrencyGate;
  maxConcurrent: number;
  /** the route's error answer (its third argument to route()) */
  refuse: ErrorAnswer;
}

/** The limits of a route taking up to `maxImages` files of `maxBytes` each, `maxConcurrent` uploads at once per process. */
export function imageUploadLimits(maxImages: number, maxBytes: number, maxConcurrent: number): ImageUploadLimits {
  const cap = maxImages * maxBytes + MULTIPART_OVERHEAD_BYTES;
  return { cap, maxImageBytes: maxBytes, gate: new ConcurrencyGate(maxConcurrent), maxConcurrent, refuse: refuseUpload(cap) };
}

/** a client that sent nothing of a refused body for this long waits for the answer */
const DRAIN_QUIET_MS = 250;
/** a refused body is read on for this long at the most before the answer goes anyway: a client trickling a body slowly hears its refusal soon */
const DRAIN_MAX_MS = 1_000;

/**
 * The error answer of an upload route, which refuses a body before reading all of it. hyper-express's
 * send() would wait for the whole body, and closing it unread resets a client still writing (EPIPE,
 * ECONNRESET), which then never reads the answer. So the rest of a body within the route's cap is read
 * and dropped, and the answer goes when it ends (the connection stays open), or with Connection: close
 * once the client has sent nothing for DRAIN_QUIET_MS (it waits for the answer before sending more) or
 * after DRAIN_MAX_MS. A body declared past the cap is answered at once and cut unread.
 */
export function refuseUpload(cap: number): ErrorAnswer {
  return (res: HyperExpress.Response, code: ErrorCode, message: string, req: HyperExpress.Request) => {
    if (res.completed) return; // the client went away
    // the multipart reader may have left the socket paused (a field waiting for the one before it): the
    // rest of the body, or the next request on this keep-alive connection, waited for the idle timeout
    req.resume();
    if (req.received) return sendError(res, code, message);
    const answer = (bodyEnded: boolean) => {
      req.received = true; // what send() waits for
      sendError(res, code, message, !bodyEnded);
    };
    if (declaredBodyBytes(req) > cap) return answer(false);
    res.status(errorStatus[code]); // counted and logged by route() before the answer goes
    dropRestOfBody(res, answer);
  };
}

/** Reads the rest of the body into nothing, then calls `then(true)`; `then(false)` if the client stalls or takes too long. */
function dropRestOfBody(res: HyperExpress.Response, then: (bodyEnded: boolean) => void): void {
  const started = Date.now();
  let lastChunkAt = started;
  let finished = false;
  const finish = (bodyEnded: boolean) => {
    if (finished) return;
    finished = true;
    clearInterval(watch);
    if (!res.completed) then(bodyEnded);
  };
  const watch = setInterval(() => {
    const now = Date.now();
    if (res.completed || now - lastChunkAt >= DRAIN_QUIET_MS || now - started >= DRAIN_MAX_MS) finish(false);
  }, DRAIN_QUIET_MS / 5);
  res.raw.onData((_chunk, last) => {
    lastChunkAt = Date.now();
    if (last) finish(true);
  });
}

/**
 * One upload from its headers to its commit: the headers are checked, then `start` checks ownership
 * and room before a byte of the body is read, the parts stream into the engine's upload, and whatever
 * was not committed is removed. Register the route with `limits.refuse` as its error answer.
 */
export async function receiveImageUpload<T>(req: HyperExpress.Request, limits: ImageUploadLimits, start: () => Promise<ImageUpload<T>>): Promise<T> {
  checkUploadHeaders(req, limits.cap);
  const upload = await start();
  const leave = limits.gate.tryEnter();
  if (!leave) {
    // route() writes Retry-After from retryAfterSec
    throw new EngineError('UPLOADS_BUSY', `this server receives ${limits.maxConcurrent} uploads already, retry shortly`, { retryAfterSec: 1 });
  }
  try {
    await receiveImageParts(req, upload, limits.maxImageBytes);
    return await upload.commit();
  } finally {
    leave();
    await upload.discard();
  }
}

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
export async function receiveImageParts(req: HyperExpress.Request, upload: ImageReceiver, maxImageBytes: number): Promise<void> {
  const receiving: Promise<void>[] = [];
  // kept here too: hyper-express may end a short form before a refusal thrown by its last field reaches it
  let wrongPart: EngineError | undefined;
  let failure: unknown = undefined;
  try {
    // busboy's own cap is a backstop: the engine refuses the file one byte past the limit
    await req.multipart({ headers: { 'content-type': req.headers['content-type'] ?? '' }, limits: { fileSize: maxImageBytes + 1 } }, (field) => {
      if (!field.file || field.name !== IMAGE_FIELD) throw (wrongPart ??= new EngineError('INVALID_INPUT', `only files in "${IMAGE_FIELD}" parts are accepted`));
      const { stream } = field.file;
      const received = upload.receive(field.file.name ?? 'image', stream);
      // a part refused before its bytes were read (one image too many) is drained, or the form never ends
      received.catch(() => stream.resume());
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

/** nosniff: a file uploaded as an image is never run as script or HTML; inline with a fixed name, never a page of its own. */
export function sendImage(res: HyperExpress.Response, contentType: ImageType, name: string, bytes: Buffer): void {
  res
    .header('content-type', contentType, true)
    .header('x-content-type-options', 'nosniff', true)
    .header('content-disposition', `inline; filename="${name}.${imageExtensions[contentType]}"`, true)
    .header('cache-control', 'public, max-age=86400', true)
    .send(bytes);
}
