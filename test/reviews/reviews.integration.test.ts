// Reviews through the edge on a real Postgres: only after delivery and only once, images checked by
// content with size and count limits (all or nothing), masked names, histogram, sorting, votes,
// version-checked edits and deletes, and hiding by the item's seller.
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { AfterSaleFixture, type Shop } from '../after-sale/after-sale-fixture.js';
import { errorCode } from '../support/auth-api.js';
import { bearer } from '../support/http-client.js';
import { imagePart, multipartBody, type Part } from './multipart.js';

const IMAGE_MAX_BYTES = 4_096;

describe('reviews (integration)', () => {
  let fx: AfterSaleFixture;
  let shop: Shop;
  let buyerId: number;
  let buyer: string;

  before(async () => {
    fx = await AfterSaleFixture.start({ REVIEW_IMAGE_MAX_BYTES: String(IMAGE_MAX_BYTES) });
    shop = await fx.shop();
    buyerId = await fx.user('Kim Minsu');
    buyer = await fx.token(buyerId, 'buyer');
  });
  after(async () => {
    await fx?.close();
  });

  const upload = (reviewId: number, token: string, parts: Part[]) => {
    const { body, contentType } = multipartBody(parts);
    return fx.http.send('POST', `/api/v1/reviews/${reviewId}/images`, { headers: { ...bearer(token), 'content-type': contentType }, body });
  };

  async function deliveredItem(buyerUserId = buyerId): Promise<number> {
    return (await fx.order(buyerUserId, shop, [{ unitPrice: 10_000 }])).itemIds[0];
  }

  it('reviews - only the buyer of a delivered item reviews it, once; bad input is refused', async () => {
    const { itemIds: [delivered, shipping] } = await fx.order(buyerId, shop, [{ unitPrice: 1_000 }, { unitPrice: 1_000, shipmentStatus: 'SHIPPING' }]);
    const other = await fx.token(await fx.user('Park'), 'buyer');
    const review = { orderItemId: delivered, title: 'Great mug', content: 'Keeps tea hot', stars: 5 };
    const cases: [string, string, unknown, number, string][] = [
      ['another buyer', other, review, 404, 'NOT_FOUND'],
      ['before delivery', buyer, { ...review, orderItemId: shipping }, 409, 'NOT_DELIVERED'],
      ['six stars', buyer, { ...review, stars: 6 }, 400, 'INVALID_INPUT'],
      ['zero stars', buyer, { ...review, stars: 0 }, 400, 'INVALID_INPUT'],
      ['no title', buyer, { orderItemId: delivered, stars: 3 }, 400, 'INVALID_INPUT'],
      ['unknown field', buyer, { ...review, helpful: 100 }, 400, 'INVALID_INPUT'],
    ];
    for (const [name, token, body, status, code] of cases) {
      const answer = await fx.send('POST', '/api/v1/reviews', token, body);
      assert.equal(answer.status, status, `${name}: ${answer.text}`);
      assert.equal(errorCode(answer), code, name);
    }
    assert.equal(await fx.count('SELECT 1 FROM reviews'), 0);
    const created = await fx.expect(201, 'POST', '/api/v1/reviews', buyer, review);
    assert.deepEqual({ stars: created.stars, reviewer: created.reviewer, itemId: created.itemId }, { stars: 5, reviewer: 'K**', itemId: shop.itemId });
    const twice = await fx.send('POST', '/api/v1/reviews', buyer, review);
    assert.equal(errorCode(twice), 'REVIEW_EXISTS');
    await fx.expect(204, 'DELETE', `/api/v1/reviews/${created.id}?version=0`, buyer);
  });

  it('reviews - images: JPEG/PNG/WebP by content, size and count limits, all or nothing', async () => {
    const review = await fx.expect(201, 'POST', '/api/v1/reviews', buyer, { orderItemId: await deliveredItem(), title: 'Photos', stars: 4 });
    const added = await upload(review.id, buyer, [imagePart('png'), imagePart('jpeg'), imagePart('webp', IMAGE_MAX_BYTES)]);
    assert.equal(added.status, 201, added.text);
    assert.deepEqual(added.json().images.map((i: { contentType: string }) => i.contentType), ['image/png', 'image/jpeg', 'image/webp']);
    const served = await fx.http.send('GET', added.json().images[0].url);
    assert.equal(served.status, 200);
    assert.equal(served.headers['content-type'], 'image/png');
    // an uploaded file is never sniffed into something a browser runs, and never rendered as a page
    assert.equal(served.headers['x-content-type-options'], 'nosniff');
    assert.match(String(served.headers['content-disposition']), /^inline; filename="review-image-\d+\.png"$/);

    const files = async () => (await readdir(fx.imageDir)).length;
    const before = { files: await files(), rows: await fx.count('SELECT 1 FROM review_images') };
    const other = await fx.token(await fx.user('Choi'), 'buyer');
    const refused: [string, string, Part[], number, string][] = [
      ['a GIF named .png', buyer, [imagePart('png'), imagePart('gif', 256, 'cat.png')], 415, 'IMAGE_TYPE_NOT_ALLOWED'],
      ['text', buyer, [{ field: 'images', filename: 'a.jpg', data: 'hello' }], 415, 'IMAGE_TYPE_NOT_ALLOWED'],
      ['over the size limit', buyer, [imagePart('jpeg', IMAGE_MAX_BYTES + 1)], 413, 'IMAGE_TOO_LARGE'],
      ['eleven in one upload', buyer, Array.from({ length: 11 }, () => imagePart('png')), 400, 'TOO_MANY_IMAGES'],
      ['past ten in all', buyer, Array.from({ length: 8 }, () => imagePart('png')), 400, 'TOO_MANY_IMAGES'],
      ['a text field', buyer, [imagePart('png'), { field: 'caption', data: 'hi' }], 400, 'INVALID_INPUT'],
      ['not the author', other, [imagePart('png')], 403, 'FORBIDDEN'],
    ];
    for (const [name, token, parts, status, code] of refused) {
      const answer = await upload(review.id, token, parts);
      assert.equal(answer.status, status, `${name}: ${answer.text}`);
      assert.equal(errorCode(answer), code, name);
    }
    const json = await fx.send('POST', `/api/v1/reviews/${review.id}/images`, buyer, { images: [] });
    assert.equal(errorCode(json), 'UNSUPPORTED_MEDIA_TYPE');
    assert.deepEqual({ files: await files(), rows: await fx.count('SELECT 1 FROM review_images') }, before, 'nothing stored by refused uploads');

    const upToTen = await upload(review.id, buyer, Array.from({ length: 7 }, () => imagePart('jpeg')));
    assert.equal(upToTen.status, 201, upToTen.text);
    assert.equal(upToTen.json().images.length, 10);
    await fx.expect(204, 'DELETE', `/api/v1/reviews/${review.id}?version=0`, buyer);
    assert.equal(await files(), before.files - 3, 'deleting the review removes its files');
  });

  it('reviews - an item\'s reviews: masked names, histogram, best and latest, hidden ones left out', async () => {
    const starsByBuyer: [string | undefined, number][] = [['Kim Minsu', 5], ['이순신', 4], [undefined, 4], ['Park Jisoo', 1]];
    const ids: number[] = [];
    for (const [name, stars] of starsByBuyer) {
      const userId = name === undefined ? 9_000_001 : name === 'Kim Minsu' ? buyerId : await fx.user(name);
      const token = await fx.token(userId, 'buyer');
      ids.push((await fx.expect(201, 'POST', '/api/v1/reviews', token, { orderItemId: await deliveredItem(userId), title: `${stars} stars`, stars })).id);
    }
    const voter = await fx.token(await fx.user('Voter'), 'buyer');
    await fx.expect(200, 'PUT', `/api/v1/reviews/${ids[3]}/vote`, voter, { helpful: true });

    const page = await fx.expect(200, 'GET', `/api/v1/items/${shop.itemId}/reviews?sort=best&size=10`);
    assert.deepEqual(page.histogram, { 1: 1, 2: 0, 3: 0, 4: 2, 5: 1 });
    assert.equal(page.total, 4);
    assert.equal(page.averageStars, 3.5);
    assert.equal(page.items[0].id, ids[3], 'best: the most helpful first');
    const latest = await fx.expect(200, 'GET', `/api/v1/items/${shop.itemId}/reviews?sort=latest&size=2&page=1`);
    assert.deepEqual(latest.items.map((r: { id: number }) => r.id), [ids[3], ids[2]]);
    assert.ok(latest.next, 'a page follows');
    const older = await fx.expect(200, 'GET', `/api/v1/items/${shop.itemId}/reviews?sort=latest&limit=2&cursor=${latest.next}`);
    assert.deepEqual(older.items.map((r: { id: number }) => r.id), [ids[1], ids[0]]);
    assert.equal(older.next, null, 'the last page');
    const names = new Map(page.items.map((r: { id: number; reviewer: string }) => [r.id, r.reviewer]));
    assert.deepEqual(ids.map((id) => names.get(id)), ['K**', '이**', 'anonymous', 'P**']);
    assert.ok(!page.text?.includes('Minsu'));
    assert.equal(errorCode(await fx.send('GET', `/api/v1/items/${shop.itemId}/reviews?sort=worst`)), 'INVALID_INPUT');
    assert.equal(errorCode(await fx.send('GET', `/api/v1/items/${shop.itemId}/reviews?size=51`)), 'INVALID_INPUT');

    // the item's seller hides the one-star review; other sellers may not
    const seller = await fx.token(shop.ownerId, 'seller');
    const outsider = await fx.token((await fx.shop()).ownerId, 'seller');
    assert.equal(errorCode(await fx.send('POST', `/api/v1/seller/reviews/${ids[3]}/hide`, outsider, { version: 0, reason: 'abuse' })), 'SELLER_REQUIRED');
    assert.equal(errorCode(await fx.send('POST', `/api/v1/seller/reviews/${ids[3]}/hide`, seller, { version: 5, reason: 'abuse' })), 'VERSION_CONFLICT');
    const hidden = await fx.expect(200, 'POST', `/api/v1/seller/reviews/${ids[3]}/hide`, seller, { version: 0, reason: 'abusive language' });
    assert.equal(hidden.hidden, true);
    const after = await fx.expect(200, 'GET', `/api/v1/items/${shop.itemId}/reviews`);
    assert.deepEqual(after.histogram, { 1: 0, 2: 0, 3: 0, 4: 2, 5: 1 });
    assert.ok(!after.items.some((r: { id: number }) => r.id === ids[3]));
    assert.equal(errorCode(await fx.send('GET', `/api/v1/reviews/${ids[3]}`)), 'NOT_FOUND');
    assert.equal(errorCode(await fx.send('PUT', `/api/v1/reviews/${ids[3]}/vote`, voter, { helpful: false })), 'NOT_FOUND');
  });

  it('reviews - one vote per user, changeable; the author edits and deletes with the version read', async () => {
    const review = await fx.expect(201, 'POST', '/api/v1/reviews', buyer, { orderItemId: await deliveredItem(), title: 'Votes', stars: 3 });
    const voters = await Promise.all([1, 2, 3].map(async (n) => fx.token(await fx.user(`Voter ${n}`), 'buyer')));
    const vote = (token: string, helpful: boolean) => fx.expect(200, 'PUT', `/api/v1/reviews/${review.id}/vote`, token, { helpful });
    await Promise.all([vote(voters[0], true), vote(voters[0], true), vote(voters[1], true), vote(voters[2], false)]);
    assert.deepEqual(await fx.expect(200, 'GET', `/api/v1/reviews/${review.id}`).then((r) => [r.helpful, r.notHelpful]), [2, 1]);
    const changed = await vote(voters[0], false);
    assert.deepEqual([changed.helpful, changed.notHelpful, changed.yourVote], [1, 2, 'not_helpful']);
    assert.equal(await fx.count('SELECT 1 FROM review_votes WHERE review_id = $1', [review.id]), 3);
    assert.equal(errorCode(await fx.send('PUT', `/api/v1/reviews/${review.id}/vote`, buyer, { helpful: true })), 'FORBIDDEN', 'not on your own review');
    assert.equal(errorCode(await fx.send('PUT', `/api/v1/reviews/${review.id}/vote`, voters[1], { helpful: 'yes' })), 'INVALID_INPUT');

    const edited = await fx.expect(200, 'PATCH', `/api/v1/reviews/${review.id}`, buyer, { version: 0, stars: 4, content: 'better after a week' });
    assert.deepEqual([edited.stars, edited.content, edited.title, edited.version], [4, 'better after a week', 'Votes', 1]);
    const stale = await fx.send('PATCH', `/api/v1/reviews/${review.id}`, buyer, { version: 0, stars: 1 });
    assert.equal(errorCode(stale), 'VERSION_CONFLICT');
    assert.equal(errorCode(await fx.send('PATCH', `/api/v1/reviews/${review.id}`, voters[0], { version: 1, stars: 1 })), 'FORBIDDEN');
    assert.equal(errorCode(await fx.send('DELETE', `/api/v1/reviews/${review.id}`, buyer)), 'INVALID_INPUT');
    assert.equal(errorCode(await fx.send('DELETE', `/api/v1/reviews/${review.id}?version=0`, buyer)), 'VERSION_CONFLICT');
    assert.equal((await fx.expect(200, 'GET', `/api/v1/reviews/${review.id}`)).stars, 4, 'refused writes changed nothing');
    await fx.expect(204, 'DELETE', `/api/v1/reviews/${review.id}?version=1`, buyer);
    assert.equal(errorCode(await fx.send('GET', `/api/v1/reviews/${review.id}`)), 'NOT_FOUND');
  });
});
