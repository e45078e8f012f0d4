// Public listing and detail: paging, sorting, ETag/304, cache-aside served from cache and
// invalidated by every catalog write.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ItemView } from '../../engine/catalog/catalog-types.js';
import { CatalogFixture } from './catalog-fixture.js';

describe('catalog listing (integration)', () => {
  let fx: CatalogFixture;
  let seller: string;
  let sellerId: number;
  let categoryId: number;
  let childCategoryId: number;
  const items: ItemView[] = [];

  before(async () => {
    fx = await CatalogFixture.start(['edge']);
    const admin = await fx.token(1, 'admin');
    seller = await fx.token(21, 'seller');
    sellerId = await fx.createSeller(seller);
    categoryId = await fx.createCategory(admin, 'Books');
    childCategoryId = await fx.createCategory(admin, 'Novels', categoryId);
    for (let i = 0; i < 25; i++) {
      const item = await fx.createItem(seller, { sellerId, categoryId: i % 2 ? childCategoryId : categoryId, name: `Book ${String(i).padStart(2, '0')}`, basePrice: 1_000 + ((i * 7) % 25) * 100 });
      items.push(await fx.advanceTo(seller, item, i < 20 ? 'SALES' : 'LAUNCH'));
    }
    await fx.createItem(seller, { sellerId, categoryId, name: 'Not yet public' });
  });
  after(async () => {
    await fx?.close();
  });

  const list = (query: string, headers: Record<string, string> = {}) => fx.send('GET', `/api/v1/items?${query}`, undefined, undefined, headers);

  it('listing - pages through a category and its subcategories, public lifecycle states only', async () => {
    const first = (await list(`category=${categoryId}&size=10&page=1`)).json();
    assert.equal(first.total, 25);
    assert.equal(first.items.length, 10);
    assert.deepEqual(first.items.map((i: { id: number }) => i.id), items.slice(-10).reverse().map((i) => i.id), 'newest first');
    const third = (await list(`category=${categoryId}&size=10&page=3`)).json();
    assert.equal(third.items.length, 5);
    const child = (await list(`category=${childCategoryId}&size=100`)).json();
    assert.equal(child.total, 12);
    const byPrice = (await list(`category=${categoryId}&sort=price_asc&size=100`)).json().items.map((i: { basePrice: number }) => i.basePrice);
    assert.deepEqual(byPrice, [...byPrice].sort((a, b) => a - b));
    const main = (await fx.send('GET', '/api/v1/main/items?size=100')).json();
    assert.equal(main.total, 20, 'the main page shows items on sale');
    for (const bad of ['size=0', 'size=101', 'page=-1', 'sort=random', 'category=abc']) {
      const answer = await list(bad);
      assert.equal(answer.status, 400, bad);
      assert.equal(answer.json().error.code, 'INVALID_INPUT');
    }
    // the cursor walk: `limit`, then each page's `next` as `cursor`, until null
    const walked: number[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page = (await list(`category=${categoryId}&sort=price_desc&limit=10${cursor ? `&cursor=${cursor}` : ''}`)).json() as { items: { id: number }[]; next: string | null };
      walked.push(...page.items.map((i) => i.id));
      cursor = page.next;
    }
    assert.equal(walked.length, 25);
    assert.equal(new Set(walked).size, 25, 'no item twice');
    const second = (await list(`category=${categoryId}&limit=10`)).json();
    for (const [bad, code] of [['limit=0', 'INVALID_INPUT'], ['cursor=xyz', 'INVALID_CURSOR'], [`limit=7&cursor=${second.next}`, 'INVALID_CURSOR']]) {
      const answer = await list(bad);
      assert.equal(answer.status, 400, bad);
      assert.equal(answer.json().error.code, code, bad);
    }
  });

  it('listing - an unchanged listing answers 304 to its ETag; an update invalidates the cache', async () => {
    const query = `category=${categoryId}&size=5`;
    assert.equal((await list(query)).status, 200);
    const tag = await etagOf(query);
    assert.ok(tag.startsWith('"'));
    assert.equal((await list(query, { 'if-none-match': tag })).status, 304);

    // served from cache: a change behind the engine's back is not seen...
    const newest = items[items.length - 1];
    await fx.db.query('UPDATE items SET name = $2 WHERE id = $1', [newest.id, 'Changed behind the cache']);
    assert.equal((await list(query)).json().items[0].name, newest.name);
    // anyone's no-cache would let one client turn every read into a database query: an admin's only
    assert.equal((await list(query, { 'cache-control': 'no-cache' })).json().items[0].name, newest.name);
    const buyer = await fx.token(77, 'buyer');
    assert.equal((await list(query, { 'cache-control': 'no-cache', authorization: `Bearer ${buyer}` })).json().items[0].name, newest.name);
    const admin = await fx.token(1, 'admin');
    assert.equal((await list(query, { 'cache-control': 'no-cache', authorization: `Bearer ${admin}` })).json().items[0].name, 'Changed behind the cache');

    // ...while a write through the API invalidates it at once
    const current = await fx.expect(200, 'GET', `/api/v1/seller/items/${newest.id}`, seller);
    await fx.expect(200, 'PATCH', `/api/v1/seller/items/${newest.id}`, seller, { version: current.version, name: 'Renamed' });
    const changed = await list(query, { 'if-none-match': tag });
    assert.equal(changed.status, 200);
    assert.equal(changed.json().items[0].name, 'Renamed');
    assert.notEqual(await etagOf(query), tag);
  });

  it('listing - item detail is cached with an ETag and invalidated by a SKU update', async () => {
    const item = items[0];
    const path = `/api/v1/items/${item.id}`;
    const first = await fx.send('GET', path);
    assert.equal(first.status, 200);
    const tag = await etagOf(null, path);
    assert.equal((await fx.send('GET', path, undefined, undefined, { 'if-none-match': tag })).status, 304);
    const sku = item.skus[0];
    await fx.expect(200, 'PATCH', `/api/v1/seller/skus/${sku.id}`, seller, { version: sku.version, priceDelta: 500 });
    const after = await fx.send('GET', path, undefined, undefined, { 'if-none-match': tag });
    assert.equal(after.status, 200);
    assert.equal(after.json().skus[0].price, item.basePrice + 500);
    const hidden = await fx.createItem(seller, { sellerId, categoryId, name: 'Hidden' });
    assert.equal((await fx.send('GET', `/api/v1/items/${hidden.id}`)).status, 404, 'a PLANNING item is not public');
  });

  async function etagOf(query: string | null, path = `/api/v1/items?${query}`): Promise<string> {
    // the test HTTP client answers no headers; fetch does
    const response = await fetch(`http://127.0.0.1:${fx.config.http.port}${path}`);
    await response.text();
    return response.headers.get('etag') ?? '';
  }
});
