// Catalog on a real edge: sellers, category tree, items with options/SKUs, versions, locks, lifecycle.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CatalogFixture } from './catalog-fixture.js';

describe('catalog (integration)', () => {
  let fx: CatalogFixture;
  let admin: string;
  let alice: string; // seller account 1 of the shop
  let bob: string; // seller account 2 of the same shop
  let carol: string; // a third writer (another member)
  let sellerId: number;
  let categoryId: number;
  const LOCK_TTL_MS = 3_000;

  before(async () => {
    fx = await CatalogFixture.start(['edge'], { CATALOG_EDIT_LOCK_TTL_MS: String(LOCK_TTL_MS) });
    admin = await fx.token(1, 'admin');
    [alice, bob, carol] = await Promise.all([fx.token(11, 'seller'), fx.token(12, 'seller'), fx.token(13, 'seller')]);
    sellerId = await fx.createSeller(alice);
    await fx.expect(204, 'POST', `/api/v1/seller/sellers/${sellerId}/members`, alice, { userId: 12 });
    await fx.expect(204, 'POST', `/api/v1/seller/sellers/${sellerId}/members`, alice, { userId: 13 });
    categoryId = await fx.createCategory(admin, 'Fashion');
  });
  after(async () => {
    await fx?.close();
  });

  it('catalog - a seller has delivery profiles and return terms; only admins register the INTERNAL seller', async () => {
    const seller = await fx.expect(200, 'GET', `/api/v1/sellers/${sellerId}`);
    assert.equal(seller.kind, 'EXTERNAL');
    assert.equal(seller.returnFee, 3000);
    assert.equal(seller.deliveryProfiles[0].courier, 'CJ');
    const body = { kind: 'INTERNAL', name: 'Gopang', returnAddress: 'HQ', returnFee: 0, exchangeFee: 0, deliveryProfiles: [] };
    assert.equal((await fx.send('POST', '/api/v1/seller/sellers', alice, body)).status, 403);
    const platformAdmin = await fx.token(2, 'admin', 'seller');
    assert.equal((await fx.expect(201, 'POST', '/api/v1/seller/sellers', platformAdmin, body)).kind, 'INTERNAL');
  });

  it('catalog - categories form a nested tree; a category with items or children cannot be deleted', async () => {
    const root = await fx.createCategory(admin, 'Travel');
    const child = await fx.createCategory(admin, 'Hotels', root);
    const leaf = await fx.createCategory(admin, 'Seoul', child);
    const tree = await fx.expect(200, 'GET', '/api/v1/categories');
    const travel = tree.find((c: { id: number }) => c.id === root);
    assert.equal(travel.children[0].id, child);
    assert.equal(travel.children[0].children[0].id, leaf);
    assert.equal(travel.children[0].children[0].depth, 2);

    await fx.createItem(alice, { sellerId, categoryId: leaf, name: 'Room' });
    const refused = await fx.send('DELETE', `/api/v1/admin/categories/${leaf}`, admin);
    assert.equal(refused.status, 409);
    assert.equal(refused.json().error.code, 'CATEGORY_NOT_EMPTY');
    assert.equal((await fx.send('DELETE', `/api/v1/admin/categories/${root}`, admin)).json().error.code, 'CATEGORY_NOT_EMPTY');
    const renamed = await fx.expect(200, 'PATCH', `/api/v1/admin/categories/${leaf}`, admin, { name: 'Seoul stays', version: 0 });
    assert.equal(renamed.version, 1);
    const stale = await fx.send('PATCH', `/api/v1/admin/categories/${leaf}`, admin, { name: 'stale', version: 0 });
    assert.equal(stale.json().error.code, 'VERSION_CONFLICT');
    const empty = await fx.createCategory(admin, 'Empty');
    await fx.expect(204, 'DELETE', `/api/v1/admin/categories/${empty}`, admin);
    assert.equal((await fx.send('DELETE', `/api/v1/admin/categories/${empty}`, admin)).status, 404);
    assert.equal((await fx.send('DELETE', `/api/v1/admin/categories/${leaf}`, alice)).status, 403, 'sellers do not manage categories');
  });

  it('catalog - options and SKU combinations, each with its own price delta and stock', async () => {
    const item = await fx.createItem(alice, {
      sellerId,
      categoryId,
      name: 'T-shirt',
      basePrice: 20_000,
      optionGroups: [
        { name: 'colour', values: ['red', 'blue'] },
        { name: 'size', values: ['M', 'L'] },
      ],
      skus: [
        { options: ['red', 'M'], priceDelta: 0, stock: 5 },
        { options: ['red', 'L'], priceDelta: 1_000, stock: 3 },
        { options: ['blue', 'L'], priceDelta: 2_000, stock: 0 },
      ],
    });
    assert.equal(item.lifecycle, 'PLANNING');
    assert.deepEqual(item.optionGroups.map((g: { name: string }) => g.name), ['colour', 'size']);
    assert.deepEqual(item.skus.map((s: { options: string[]; price: number; stock: number }) => [s.options.join('/'), s.price, s.stock]), [
      ['red/M', 20_000, 5],
      ['red/L', 21_000, 3],
      ['blue/L', 22_000, 0],
    ]);
    const bad = await fx.send('POST', '/api/v1/seller/items', alice, {
      sellerId, categoryId, name: 'X', productType: 'REALTIME', basePrice: 1,
      optionGroups: [{ name: 'colour', values: ['red'] }], skus: [{ options: ['green'], stock: 1 }],
    });
    assert.equal(bad.status, 400);
    const stranger = await fx.token(99, 'seller');
    const foreign = await fx.send('POST', '/api/v1/seller/items', stranger, { sellerId, categoryId, name: 'X', productType: 'REALTIME', basePrice: 1, skus: [{ stock: 1 }] });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.json().error.code, 'SELLER_REQUIRED');
    const own = await fx.expect(200, 'GET', `/api/v1/seller/items?seller=${sellerId}`, bob);
    assert.ok(own.items.some((i: { id: number; lifecycle: string }) => i.id === item.id && i.lifecycle === 'PLANNING'), 'sellers see their unpublished items');
    assert.equal((await fx.send('GET', `/api/v1/seller/items?seller=${sellerId}`, stranger)).status, 403);
  });

  it('catalog - two sellers update the same item with the same version: one 200, one 409', async () => {
    const item = await fx.createItem(alice, { sellerId, categoryId, name: 'Shared' });
    const answers = await Promise.all([
      fx.send('PATCH', `/api/v1/seller/items/${item.id}`, alice, { version: item.version, name: 'by alice' }),
      fx.send('PATCH', `/api/v1/seller/items/${item.id}`, bob, { version: item.version, name: 'by bob' }),
    ]);
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 409]);
    const loser = answers.find((a) => a.status === 409)!;
    assert.equal(loser.json().error.code, 'VERSION_CONFLICT');
    const winner = answers.find((a) => a.status === 200)!.json();
    assert.equal(winner.version, item.version + 1);
    const stored = await fx.expect(200, 'GET', `/api/v1/seller/items/${item.id}`, carol);
    assert.equal(stored.name, winner.name);

    const sku = stored.skus[0];
    const skuAnswers = await Promise.all([
      fx.send('PATCH', `/api/v1/seller/skus/${sku.id}`, alice, { version: sku.version, stock: 20 }),
      fx.send('PATCH', `/api/v1/seller/skus/${sku.id}`, bob, { version: sku.version, stock: 30 }),
    ]);
    assert.deepEqual(skuAnswers.map((a) => a.status).sort(), [200, 409]);
  });

  it('catalog - an edit lock blocks a third writer with 423 and expires on time', async () => {
    const item = await fx.createItem(alice, { sellerId, categoryId, name: 'Locked' });
    const locked = await fx.expect(200, 'POST', `/api/v1/seller/items/${item.id}/lock`, alice);
    assert.equal(locked.lock.lockedBy, 11);
    const lockedAt = Date.parse(locked.lock.lockedAt);
    assert.equal(Date.parse(locked.lock.expiresAt) - lockedAt, LOCK_TTL_MS);

    const blocked = await fx.send('PATCH', `/api/v1/seller/items/${item.id}`, carol, { version: item.version, name: 'by carol' });
    assert.equal(blocked.status, 423);
    assert.equal(blocked.json().error.code, 'LOCKED');
    assert.equal((await fx.send('POST', `/api/v1/seller/items/${item.id}/lock`, carol)).status, 423);
    // the holder writes through its own lock
    const own = await fx.expect(200, 'PATCH', `/api/v1/seller/items/${item.id}`, alice, { version: item.version, description: 'held' });

    // still blocked just before expiry, free right after
    const untilExpiry = lockedAt + LOCK_TTL_MS - Date.now();
    if (untilExpiry > 1_000) {
      await new Promise((r) => setTimeout(r, untilExpiry - 1_000));
      assert.equal((await fx.send('PATCH', `/api/v1/seller/items/${item.id}`, carol, { version: own.version, name: 'early' })).status, 423);
    }
    await new Promise((r) => setTimeout(r, Math.max(0, lockedAt + LOCK_TTL_MS - Date.now()) + 100));
    const after = await fx.expect(200, 'PATCH', `/api/v1/seller/items/${item.id}`, carol, { version: own.version, name: 'by carol' });
    assert.equal(after.name, 'by carol');
    assert.equal(after.lock, null);
  });

  it('catalog - lifecycle moves only along legal transitions, with an event row per transition', async () => {
    const item = await fx.createItem(alice, { sellerId, categoryId, name: 'Lifecycle' });
    const skip = await fx.send('POST', `/api/v1/seller/items/${item.id}/lifecycle`, alice, { to: 'SALES', version: item.version });
    assert.equal(skip.status, 409);
    assert.equal(skip.json().error.code, 'ILLEGAL_TRANSITION');
    const selling = await fx.advanceTo(alice, item, 'SALES');
    assert.equal(selling.lifecycle, 'SALES');
    const back = await fx.send('POST', `/api/v1/seller/items/${item.id}/lifecycle`, alice, { to: 'PLANNING', version: selling.version });
    assert.equal(back.json().error.code, 'ILLEGAL_TRANSITION');
    const bogus = await fx.send('POST', `/api/v1/seller/items/${item.id}/lifecycle`, alice, { to: 'SOLD', version: selling.version });
    assert.equal(bogus.status, 400);
    const { rows } = await fx.db.query('SELECT from_state, to_state FROM item_lifecycle_events WHERE item_id = $1 ORDER BY id', [item.id]);
    assert.deepEqual(rows.map((r) => `${r.from_state}>${r.to_state}`), [
      'PLANNING>DEVELOPMENT', 'DEVELOPMENT>REVIEW', 'REVIEW>PREPARATION', 'PREPARATION>LAUNCH', 'LAUNCH>SALES',
    ]);
  });

  it('catalog - a seller deletes an item with its current version; a stale version is 409', async () => {
    const item = await fx.createItem(alice, { sellerId, categoryId, name: 'Short-lived' });
    const stale = await fx.send('DELETE', `/api/v1/seller/items/${item.id}?version=${item.version + 1}`, bob);
    assert.equal(stale.json().error.code, 'VERSION_CONFLICT');
    assert.equal((await fx.send('DELETE', `/api/v1/seller/items/${item.id}`, bob)).json().error.code, 'INVALID_INPUT');
    await fx.expect(204, 'DELETE', `/api/v1/seller/items/${item.id}?version=${item.version}`, bob);
    assert.equal((await fx.send('GET', `/api/v1/seller/items/${item.id}`, alice)).status, 404);
    assert.equal((await fx.send('DELETE', `/api/v1/seller/items/${item.id}?version=${item.version}`, bob)).status, 404);
  });
});
