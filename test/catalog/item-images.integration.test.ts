// Item images: the item's seller uploads them (multipart), the type is judged by content, each gets a
// WebP thumbnail; the item detail lists them and anyone reads them with nosniff. Anyone else is refused
// before the body is read.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import type { ItemView } from '../../engine/catalog/catalog-types.js';
import { bearer } from '../support/http-client.js';
import { fakeImage, multipartBody, type Part } from '../reviews/multipart.js';
import { RawRequest } from '../hostile/raw-request.js';
import { CatalogFixture } from './catalog-fixture.js';

const MAX_BYTES = 300_000;
const MAX_IMAGES = 3;

describe('item images (integration)', () => {
  let fx: CatalogFixture;
  let seller: string;
  let item: ItemView;
  let png: Buffer;
  let jpeg: Buffer;
  let imageDir: string;

  before(async () => {
    imageDir = await mkdtemp(join(tmpdir(), 'item-images-'));
    fx = await CatalogFixture.start(['edge'], {
      ITEM_IMAGE_DIR: imageDir, ITEM_IMAGE_MAX_BYTES: String(MAX_BYTES), ITEM_MAX_IMAGES: String(MAX_IMAGES), ITEM_THUMBNAIL_PX: '320',
    });
    const admin = await fx.token(1, 'admin');
    seller = await fx.token(41, 'seller');
    const sellerId = await fx.createSeller(seller);
    const categoryId = await fx.createCategory(admin, 'Audio');
    item = await fx.advanceTo(seller, await fx.createItem(seller, { sellerId, categoryId, name: '무선이어폰', taxType: 'TAX_FREE', notice: { material: 'ABS', origin: '대한민국' } }), 'SALES');
    png = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#3366cc' } }).png().toBuffer();
    jpeg = await sharp({ create: { width: 1000, height: 400, channels: 3, background: '#cc6633' } }).jpeg().toBuffer();
  });
  after(async () => {
    await fx?.close();
    await rm(imageDir, { recursive: true, force: true });
  });

  const upload = (itemId: number, token: string | undefined, parts: Part[]) => {
    const { body, contentType } = multipartBody(parts);
    return fx.fx.http.send('POST', `/api/v1/seller/items/${itemId}/images`, { headers: { ...(token ? bearer(token) : {}), 'content-type': contentType }, body });
  };
  const file = (data: Buffer, filename: string, contentType = 'image/png'): Part => ({ field: 'images', filename, contentType, data });
  const get = (path: string) => fetch(new URL(path, fx.fx.http.baseUrl));

  it('images - the seller uploads; types by content, thumbnails resized, listed on the detail and served with nosniff', async () => {
    // the JPEG is labelled as a PNG: its bytes decide
    const answer = await upload(item.id, seller, [file(png, 'front.png'), file(jpeg, 'side.png')]);
    assert.equal(answer.status, 201, answer.text);
    const images = answer.json().images;
    assert.deepEqual(images.map((i: { contentType: string; width: number; height: number }) => [i.contentType, i.width, i.height]), [
      ['image/png', 800, 600],
      ['image/jpeg', 1000, 400],
    ]);
    assert.deepEqual(images.map((i: { thumbnail: { width: number; height: number } }) => [i.thumbnail.width, i.thumbnail.height]), [[320, 240], [320, 128]]);

    const detail = await fx.expect(200, 'GET', `/api/v1/items/${item.id}`);
    assert.deepEqual(detail.images, images, 'the public detail (cached before) lists them at once');
    assert.deepEqual([detail.taxType, detail.minorsAllowed, detail.maxPerBuyer, detail.notice], ['TAX_FREE', true, null, { material: 'ABS', origin: '대한민국' }]);

    const original = await get(images[1].url);
    assert.equal(original.status, 200);
    assert.equal(original.headers.get('content-type'), 'image/jpeg');
    assert.equal(original.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(Buffer.from(await original.arrayBuffer()).equals(jpeg));
    const thumb = await get(images[0].thumbnail.url);
    assert.equal(thumb.headers.get('content-type'), 'image/webp');
    assert.equal(thumb.headers.get('x-content-type-options'), 'nosniff');
    const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['webp', 320, 240]);
  });

  it('images - only a member of the item\'s seller uploads', async () => {
    const other = await fx.token(42, 'seller');
    await fx.createSeller(other, 'Other shop');
    assert.deepEqual(await codeOf(upload(item.id, other, [file(png, 'x.png')])), [403, 'SELLER_REQUIRED']);
    assert.deepEqual(await codeOf(upload(item.id, await fx.token(43, 'buyer'), [file(png, 'x.png')])), [403, 'FORBIDDEN']);
    assert.deepEqual(await codeOf(upload(item.id, undefined, [file(png, 'x.png')])), [401, 'UNAUTHENTICATED']);
    assert.deepEqual(await codeOf(upload(99_999_999, seller, [file(png, 'x.png')])), [404, 'NOT_FOUND']);

    // refused before the body is read: the answer comes with only its first KiB sent, and the connection closes
    const { body, contentType } = multipartBody(Array.from({ length: MAX_IMAGES }, (_, i) => file(fakeImage('png', MAX_BYTES - 1_000), `${i}.png`)));
    const request = new RawRequest(fx.config.http.port, 'POST', `/api/v1/seller/items/${item.id}/images`, {
      authorization: `Bearer ${other}`, 'content-type': contentType, 'content-length': String(body.length),
    }, body.subarray(0, 1_024));
    const answer = await request.answer(5_000);
    assert.deepEqual([answer.status, answer.json().error.code, answer.headers.connection], [403, 'SELLER_REQUIRED', 'close']);
    await request.closedWithin(5_000);
  });

  it('images - a file that is not an image, or does not decode, or is too large, or one too many, is refused with nothing kept', async () => {
    const before = (await fx.expect(200, 'GET', `/api/v1/seller/items/${item.id}`, seller)).images.length;
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    assert.deepEqual(await codeOf(upload(item.id, seller, [file(html, 'evil.png')])), [415, 'IMAGE_TYPE_NOT_ALLOWED']);
    assert.deepEqual(await codeOf(upload(item.id, seller, [file(fakeImage('gif'), 'anim.gif', 'image/gif')])), [415, 'IMAGE_TYPE_NOT_ALLOWED']);
    assert.deepEqual(await codeOf(upload(item.id, seller, [file(fakeImage('jpeg', 2_000), 'broken.jpg', 'image/jpeg')])), [415, 'IMAGE_UNREADABLE']);
    assert.deepEqual(await codeOf(upload(item.id, seller, [file(fakeImage('png', MAX_BYTES + 1), 'big.png')])), [413, 'IMAGE_TOO_LARGE']);
    assert.deepEqual(await codeOf(upload(item.id, seller, [file(png, 'a.png'), file(png, 'b.png')])), [400, 'TOO_MANY_IMAGES'], `${before} + 2 > ${MAX_IMAGES}`);
    assert.equal((await fx.expect(200, 'GET', `/api/v1/seller/items/${item.id}`, seller)).images.length, before);
  });

  it('images - refusals in flight at once are each answered at once', async () => {
    // a refused part used to leave the socket paused now and then: that answer came only at the idle timeout
    const draft = await fx.createItem(seller, { sellerId: item.sellerId, categoryId: item.categoryId, name: 'Busy' });
    const started = Date.now();
    // ITEM_UPLOADS_MAX_CONCURRENT is 8: eight at once, three times over
    const round = () => Promise.all(Array.from({ length: 8 }, (_, i) => codeOf(upload(i % 2 === 0 ? item.id : draft.id, seller,
      i % 3 === 0 ? [file(fakeImage('png', MAX_BYTES + 1), 'big.png'), file(png, 'b.png')] : [file(png, 'a.png'), file(Buffer.from('<html>'), 'evil.png'), file(png, 'c.png')]))));
    const expected = Array.from({ length: 8 }, (_, i) => (i % 3 === 0 ? [413, 'IMAGE_TOO_LARGE'] : [415, 'IMAGE_TYPE_NOT_ALLOWED']));
    for (let i = 0; i < 3; i++) assert.deepEqual(await round(), expected);
    assert.ok(Date.now() - started < 5_000, `answered in ${Date.now() - started} ms`);
  });

  it('images - an image of an item not on public view is not served; deleting the item removes its files', async () => {
    const sellerId = item.sellerId;
    const draft = await fx.createItem(seller, { sellerId, categoryId: item.categoryId, name: 'Draft' });
    const answer = await upload(draft.id, seller, [file(png, 'draft.png')]);
    assert.equal(answer.status, 201, answer.text);
    assert.equal((await get(answer.json().images[0].url)).status, 404);
    const files = async () => (await readdir(imageDir)).filter((f) => f.startsWith(`${draft.id}-`));
    assert.equal((await files()).length, 2, 'the image and its thumbnail');
    await fx.expect(204, 'DELETE', `/api/v1/seller/items/${draft.id}?version=${answer.json().version}`, seller);
    assert.deepEqual(await files(), []);
  });

  async function codeOf(answer: Promise<{ status: number; json(): { error: { code: string } } }>) {
    const a = await answer;
    return [a.status, a.json().error.code];
  }
});
