// Hostile finding 6 (issue #15): review uploads were read whole into memory (up to ~20 MB a request)
// before anyone looked at whose review it was, and as many at once as clients cared to send. Now the
// review's owner is checked before a byte of the body is read (403/404 answered at once, the connection
// closed unread), the body streams to files in <REVIEW_IMAGE_DIR>/incoming as it arrives, an upload is cut
// the moment it passes a cap (413), and past REVIEW_UPLOADS_MAX_CONCURRENT uploads at once an edge answers
// 503 UPLOADS_BUSY. Requests go over raw sockets, so a test sees an answer arrive before the body is sent.
import assert from 'node:assert/strict';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AfterSaleFixture, type Shop } from '../after-sale/after-sale-fixture.js';
import { waitFor } from '../support/eventually.js';
import { imagePart, multipartBody, type Part } from '../reviews/multipart.js';
import { RawRequest } from './raw-request.js';

const IMAGE_MAX_BYTES = 256 * 1024;
const MAX_IMAGES = 10;
const MAX_CONCURRENT = 2;
/** the route's cap on a whole upload: every image at its limit plus 64 KiB of multipart framing */
const UPLOAD_CAP = MAX_IMAGES * IMAGE_MAX_BYTES + 64 * 1024;
/** long enough for any answer that comes at once; an answer that waits for the body never comes */
const ANSWER_MS = 5_000;

describe('hostile - review image uploads (integration)', () => {
  let fx: AfterSaleFixture;
  let shop: Shop;
  let buyerId: number;
  let buyer: string;
  let incoming: string;

  before(async () => {
    fx = await AfterSaleFixture.start({
      REVIEW_IMAGE_MAX_BYTES: String(IMAGE_MAX_BYTES), REVIEW_MAX_IMAGES: String(MAX_IMAGES), REVIEW_UPLOADS_MAX_CONCURRENT: String(MAX_CONCURRENT),
    });
    shop = await fx.shop();
    buyerId = await fx.user('Kim Minsu');
    buyer = await fx.token(buyerId, 'buyer');
    incoming = join(fx.imageDir, 'incoming');
  });
  after(() => fx?.close());

  async function review(): Promise<number> {
    const { itemIds: [orderItemId] } = await fx.order(buyerId, shop, [{ unitPrice: 10_000 }]);
    return (await fx.expect(201, 'POST', '/api/v1/reviews', buyer, { orderItemId, title: 'Photos', stars: 4 })).id;
  }

  /** Starts an upload of `parts` to the review: the headers and the first `sent` bytes of the body. */
  function upload(reviewId: number, token: string, parts: Part[], sent: number, headers: Record<string, string> = {}) {
    const { body, contentType } = multipartBody(parts);
    const request = new RawRequest(fx.ns.config.http.port, 'POST', `/api/v1/reviews/${reviewId}/images`, {
      authorization: `Bearer ${token}`, 'content-type': contentType, 'content-length': String(body.length), ...headers,
    }, body.subarray(0, sent));
    return { request, body, rest: () => request.send(body.subarray(sent)) };
  }

  /** The files in <REVIEW_IMAGE_DIR>/incoming with their sizes (none while nothing is being received). */
  async function incomingFiles(): Promise<number[]> {
    const names = await readdir(incoming).catch(() => [] as string[]);
    return Promise.all(names.map(async (name) => (await stat(join(incoming, name)).catch(() => ({ size: 0 }))).size));
  }
  const storedFiles = async () => (await readdir(fx.imageDir)).filter((name) => name !== 'incoming').length;

  const tenImages = () => Array.from({ length: MAX_IMAGES }, () => imagePart('jpeg', IMAGE_MAX_BYTES - 1_000));

  it('hostile - an upload to someone else\'s review, or to none, is refused before its body is sent', async () => {
    const reviewId = await review();
    const stranger = await fx.token(await fx.user('Park'), 'buyer');
    const stored = await storedFiles();
    for (const [name, id, token, status, code] of [
      ['someone else\'s review', reviewId, stranger, 403, 'FORBIDDEN'],
      ['no such review', 999_999_999, buyer, 404, 'NOT_FOUND'],
    ] as const) {
      const { request } = upload(id, token, tenImages(), 1_024);
      const answer = await request.answer(ANSWER_MS);
      assert.deepEqual([answer.status, answer.json().error.code], [status, code], name);
      assert.equal(answer.headers.connection, 'close', `${name}: the rest of the body is never read`);
      await request.closedWithin(ANSWER_MS);
    }
    assert.equal(await storedFiles(), stored);
    assert.deepEqual(await incomingFiles(), []);
  });

  it('hostile - a refused upload is read to its end before the answer: a client writing it whole meets no reset', async () => {
    // an HTTP library writes the whole body before it reads: cut unread, its writes met a reset (EPIPE,
    // ECONNRESET) and the answer was lost
    const reviewId = await review();
    const stranger = await fx.token(await fx.user('Choi'), 'buyer');
    for (const [name, id, token, status] of [['someone else\'s review', reviewId, stranger, 403], ['no such review', -28, buyer, 404]] as const) {
      const { request } = upload(id, token, tenImages(), Number.MAX_SAFE_INTEGER);
      assert.equal((await request.answer(ANSWER_MS)).status, status, name);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(request.error, undefined, `${name}: the body was written whole without a reset`);
      request.destroy();
    }
  });

  it('hostile - a refused upload sent slowly, chunk after chunk, is answered within seconds, long before its end', async () => {
    const { request, body } = upload(999_999_999, buyer, tenImages(), 1_024);
    let sent = 1_024;
    const trickle = setInterval(() => {
      void request.send(body.subarray(sent, sent + 4_096));
      sent += 4_096;
    }, 50);
    try {
      const answer = await request.answer(ANSWER_MS);
      assert.deepEqual([answer.status, answer.json().error.code, answer.headers.connection], [404, 'NOT_FOUND', 'close']);
      assert.ok(sent < body.length / 4, `answered after ${sent} of ${body.length} bytes`);
    } finally {
      clearInterval(trickle);
      request.destroy();
    }
  });

  it('hostile - an upload is cut as soon as it passes a cap: the whole upload, or one image', async () => {
    const reviewId = await review();
    const stored = await storedFiles();

    // a body declared past the upload cap: refused on its headers
    const declared = new RawRequest(fx.ns.config.http.port, 'POST', `/api/v1/reviews/${reviewId}/images`, {
      authorization: `Bearer ${buyer}`, 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(UPLOAD_CAP + 1),
    }, Buffer.from('--x\r\n'));
    const tooLong = await declared.answer(ANSWER_MS);
    assert.deepEqual([tooLong.status, tooLong.json().error.code], [413, 'PAYLOAD_TOO_LARGE']);
    await declared.closedWithin(ANSWER_MS);

    // one image past REVIEW_IMAGE_MAX_BYTES inside a body the cap allows: cut once the image passes its limit
    const big = upload(reviewId, buyer, [imagePart('png', 4 * IMAGE_MAX_BYTES)], IMAGE_MAX_BYTES + 64 * 1024);
    const tooBig = await big.request.answer(ANSWER_MS);
    assert.deepEqual([tooBig.status, tooBig.json().error.code], [413, 'IMAGE_TOO_LARGE']);
    await big.request.closedWithin(ANSWER_MS);

    assert.equal(await storedFiles(), stored);
    await waitFor(async () => (await incomingFiles()).length === 0, { message: 'the cut upload\'s file removed' });
  });

  it('hostile - the body goes to disk as it arrives, never whole into memory', async () => {
    const reviewId = await review();
    const size = IMAGE_MAX_BYTES - 1_000;
    const half = upload(reviewId, buyer, [imagePart('webp', size)], 200 * 1024);
    // the first 200 KiB are on disk while the rest has not been sent (a little stays in stream buffers)
    await waitFor(async () => (await incomingFiles()).reduce((a, b) => a + b, 0) >= 128 * 1024, {
      message: async () => `the first bytes on disk (incoming: ${JSON.stringify(await incomingFiles())})`,
    });
    half.rest();
    const answer = await half.request.answer(ANSWER_MS);
    assert.equal(answer.status, 201, answer.text);
    assert.deepEqual(answer.json().images.map((i: { sizeBytes: number }) => i.sizeBytes), [size]);
    assert.deepEqual(await incomingFiles(), [], 'the file moved into place');
  });

  it('hostile - uploads past REVIEW_UPLOADS_MAX_CONCURRENT are refused at once; finished or dropped ones give their slot back', async () => {
    const reviews = await Promise.all(Array.from({ length: 7 }, () => review()));
    const oneImage = () => [imagePart('png', 64 * 1024)];

    // two uploads in flight (their first part arrived, the rest has not)
    const held = reviews.slice(0, MAX_CONCURRENT).map((id) => upload(id, buyer, oneImage(), 1_024));
    await waitFor(async () => (await incomingFiles()).length === MAX_CONCURRENT, { message: 'both uploads receiving' });
    const refused = await Promise.all([2, 3, 4].map((i) => upload(reviews[i], buyer, oneImage(), Number.MAX_SAFE_INTEGER).request.answer(ANSWER_MS)));
    assert.deepEqual(refused.map((a) => [a.status, a.json().error.code]), Array(3).fill([503, 'UPLOADS_BUSY']));
    assert.ok(refused.every((a) => Number(a.headers['retry-after']) >= 1), 'Retry-After');

    for (const { rest } of held) rest();
    const finished = await Promise.all(held.map(({ request }) => request.answer(ANSWER_MS)));
    assert.deepEqual(finished.map((a) => a.status), [201, 201], finished.map((a) => a.text).join('\n'));

    // two clients drop their uploads half-way: their slots and partial files are released
    const dropped = reviews.slice(2, 4).map((id) => upload(id, buyer, oneImage(), 1_024));
    await waitFor(async () => (await incomingFiles()).length === MAX_CONCURRENT, { message: 'both uploads receiving' });
    for (const { request } of dropped) request.destroy();
    await waitFor(async () => (await incomingFiles()).length === 0, { message: 'the dropped uploads\' files removed' });
    const after = await Promise.all(reviews.slice(5, 7).map((id) => upload(id, buyer, oneImage(), Number.MAX_SAFE_INTEGER).request.answer(ANSWER_MS)));
    assert.deepEqual(after.map((a) => a.status), [201, 201], after.map((a) => a.text).join('\n'));
  });
});
