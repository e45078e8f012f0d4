// Hostile finding 13 (issue #15): the public listings paged with OFFSET up to ~1M rows (page 10,000 of
// size 100), each page also counting every match; an anonymous client could make every uncached read
// sort a million rows. Paging now reaches the first 10,000 items only: deeper pages are 400 INVALID_INPUT
// before any query, and the pages within reach answer as before.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CatalogFixture } from '../catalog/catalog-fixture.js';
import { errorCode } from '../support/auth-api.js';

describe('hostile - deep paging of the public listings (integration)', () => {
  let fx: CatalogFixture;
  let categoryId: number;

  before(async () => {
    fx = await CatalogFixture.start(['edge']);
    const admin = await fx.token(1, 'admin');
    const seller = await fx.token(21, 'seller');
    const sellerId = await fx.createSeller(seller);
    categoryId = await fx.createCategory(admin, 'Deep');
    for (let i = 0; i < 3; i++) await fx.advanceTo(seller, await fx.createItem(seller, { sellerId, categoryId, name: `Item ${i}` }), 'SALES');
  });
  after(() => fx?.close());

  it('hostile - a page past the first 10,000 items is refused; the pages within reach still answer', async () => {
    for (const path of ['/api/v1/items', '/api/v1/main/items']) {
      for (const deep of ['page=10000&size=100', 'page=101&size=100', 'page=10000&size=2', 'page=5001&size=2']) {
        const answer = await fx.send('GET', `${path}?${deep}`);
        assert.equal(answer.status, 400, `${path}?${deep}: ${answer.text}`);
        assert.equal(errorCode(answer), 'INVALID_INPUT');
        assert.match(answer.json().error.message, /10000/, 'the message names the reach');
      }
      for (const within of ['page=100&size=100', 'page=5000&size=2', 'page=1&size=100']) {
        const answer = await fx.send('GET', `${path}?${within}`);
        assert.equal(answer.status, 200, `${path}?${within}: ${answer.text}`);
        assert.equal(answer.json().items.length, within.startsWith('page=1&') ? 3 : 0);
      }
    }
    const first = (await fx.send('GET', `/api/v1/items?category=${categoryId}&size=2`)).json();
    assert.deepEqual({ page: first.page, size: first.size, total: first.total, items: first.items.length }, { page: 1, size: 2, total: 3, items: 2 });
  });
});
