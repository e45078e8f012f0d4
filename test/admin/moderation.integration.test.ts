// Moderation on a real edge: an admin approves sellers (only then their items reach SALES) and passes
// items' reviews (REVIEW -> PREPARATION is no seller's step); every admin route answers 401 without a
// token and 403 to anyone but an admin; each decision leaves its audit entry.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ItemView } from '../../engine/catalog/catalog-types.js';
import { errorCode } from '../support/auth-api.js';
import { CatalogFixture } from '../catalog/catalog-fixture.js';

describe('admin moderation (integration)', () => {
  let fx: CatalogFixture;
  let admin: string;
  let categoryId: number;

  before(async () => {
    fx = await CatalogFixture.start(['edge']);
    admin = await fx.adminToken();
    categoryId = await fx.createCategory(admin, 'Moderated');
  });
  after(async () => {
    await fx?.close();
  });

  /** A seller of its own (not approved) with one item walked up to LAUNCH. */
  async function pendingShop(ownerId: number): Promise<{ seller: string; sellerId: number; item: ItemView }> {
    const seller = await fx.token(ownerId, 'seller');
    const sellerId = await fx.createSeller(seller, `Shop ${ownerId}`, { approved: false });
    const item = await fx.advanceTo(seller, await fx.createItem(seller, { sellerId, categoryId }), 'LAUNCH');
    return { seller, sellerId, item };
  }

  it('admin - every admin route answers 401 without a token and 403 FORBIDDEN to a buyer or a seller', async () => {
    const [buyer, seller] = await Promise.all([fx.token(9_001, 'buyer'), fx.token(9_002, 'seller')]);
    const routes: [string, string][] = [
      ['POST', '/api/v1/admin/sellers/1/approval'],
      ['POST', '/api/v1/admin/items/1/review'],
      ['GET', '/api/v1/admin/orders/parked'],
      ['POST', '/api/v1/admin/orders/0190a5b2-0000-7000-8000-000000000000/release'],
      ['PUT', '/api/v1/admin/users/1/roles'],
      ['POST', '/api/v1/admin/policies'],
      ['GET', '/api/v1/admin/audit'],
    ];
    for (const [method, path] of routes) {
      const body = method === 'GET' ? undefined : {};
      const anonymous = await fx.send(method, path, undefined, body);
      assert.equal(anonymous.status, 401, `${method} ${path} without a token: ${anonymous.text}`);
      assert.equal(errorCode(anonymous), 'UNAUTHENTICATED');
      for (const token of [buyer, seller]) {
        const refused = await fx.send(method, path, token, body);
        assert.equal(refused.status, 403, `${method} ${path}: ${refused.text}`);
        assert.equal(errorCode(refused), 'FORBIDDEN');
      }
    }
  });

  it('admin - an unapproved seller\'s item cannot reach SALES (409 SELLER_NOT_APPROVED) until an admin approves the seller; a rejection stops it again', async () => {
    const { seller, sellerId, item } = await pendingShop(9_100);
    assert.equal((await fx.expect(200, 'GET', `/api/v1/sellers/${sellerId}`)).approval, 'PENDING');
    const refused = await fx.send('POST', `/api/v1/seller/items/${item.id}/lifecycle`, seller, { to: 'SALES', version: item.version });
    assert.equal(refused.status, 409, refused.text);
    assert.equal(errorCode(refused), 'SELLER_NOT_APPROVED');
    assert.equal((await fx.expect(200, 'GET', `/api/v1/seller/items/${item.id}`, seller)).lifecycle, 'LAUNCH', 'nothing moved');

    // the seller cannot approve itself
    assert.equal((await fx.send('POST', `/api/v1/admin/sellers/${sellerId}/approval`, seller, { approved: true, reason: 'me' })).status, 403);
    const approved = await fx.expect(200, 'POST', `/api/v1/admin/sellers/${sellerId}/approval`, admin, { approved: true, reason: 'documents checked' });
    assert.equal(approved.approval, 'APPROVED');
    const selling = await fx.expect(200, 'POST', `/api/v1/seller/items/${item.id}/lifecycle`, seller, { to: 'SALES', version: item.version });
    assert.equal(selling.lifecycle, 'SALES');

    await fx.expect(200, 'POST', `/api/v1/admin/sellers/${sellerId}/approval`, admin, { approved: false, reason: 'licence expired' });
    const next = await fx.advanceTo(seller, await fx.createItem(seller, { sellerId, categoryId, name: 'Second' }), 'LAUNCH');
    assert.equal(errorCode(await fx.send('POST', `/api/v1/seller/items/${next.id}/lifecycle`, seller, { to: 'SALES', version: next.version })), 'SELLER_NOT_APPROVED');

    const audit = await fx.expect(200, 'GET', `/api/v1/admin/audit?target=seller:${sellerId}`, admin);
    assert.deepEqual(audit.items.map((e: { action: string; reason: string; actorId: number }) => [e.action, e.reason, e.actorId]), [
      ['seller.reject', 'licence expired', 1],
      ['seller.approve', 'documents checked', 1],
    ]);
    assert.equal((await fx.send('POST', '/api/v1/admin/sellers/999999/approval', admin, { approved: true, reason: 'x' })).status, 404);
    assert.equal((await fx.send('POST', `/api/v1/admin/sellers/${sellerId}/approval`, admin, { approved: true })).status, 400, 'a reason is required');
  });

  it('admin - REVIEW -> PREPARATION is an admin\'s: the seller gets 403 REVIEW_REQUIRES_ADMIN; the admin passes the review or sends the item back', async () => {
    const seller = await fx.token(9_200, 'seller');
    const sellerId = await fx.createSeller(seller, 'Reviewed');
    const inReview = await fx.advanceTo(seller, await fx.createItem(seller, { sellerId, categoryId }), 'REVIEW');
    const selfPass = await fx.send('POST', `/api/v1/seller/items/${inReview.id}/lifecycle`, seller, { to: 'PREPARATION', version: inReview.version });
    assert.equal(selfPass.status, 403, selfPass.text);
    assert.equal(errorCode(selfPass), 'REVIEW_REQUIRES_ADMIN');
    // sending it back is refused to a seller on the admin route, and done by the admin
    assert.equal((await fx.send('POST', `/api/v1/admin/items/${inReview.id}/review`, seller, { approved: false, reason: 'x', version: inReview.version })).status, 403);
    const back = await fx.expect(200, 'POST', `/api/v1/admin/items/${inReview.id}/review`, admin, { approved: false, reason: 'photos missing', version: inReview.version });
    assert.equal(back.lifecycle, 'DEVELOPMENT');
    const again = await fx.expect(200, 'POST', `/api/v1/seller/items/${inReview.id}/lifecycle`, seller, { to: 'REVIEW', version: back.version });
    const stale = await fx.send('POST', `/api/v1/admin/items/${inReview.id}/review`, admin, { approved: true, reason: 'ok', version: back.version });
    assert.equal(errorCode(stale), 'VERSION_CONFLICT');
    const passed = await fx.expect(200, 'POST', `/api/v1/admin/items/${inReview.id}/review`, admin, { approved: true, reason: 'ok', version: again.version });
    assert.equal(passed.lifecycle, 'PREPARATION');
    const twice = await fx.send('POST', `/api/v1/admin/items/${inReview.id}/review`, admin, { approved: true, reason: 'ok', version: passed.version });
    assert.equal(twice.status, 409);
    assert.equal(errorCode(twice), 'ITEM_NOT_IN_REVIEW');
    const audit = await fx.expect(200, 'GET', `/api/v1/admin/audit?target=item:${inReview.id}`, admin);
    assert.deepEqual(audit.items.map((e: { action: string }) => e.action), ['item.review.approve', 'item.review.reject']);
    const { rows } = await fx.db.query('SELECT from_state, to_state, user_id FROM item_lifecycle_events WHERE item_id = $1 AND from_state = $2 ORDER BY id', [inReview.id, 'REVIEW']);
    assert.deepEqual(rows.map((r) => [r.to_state, Number(r.user_id)]), [['DEVELOPMENT', 1], ['PREPARATION', 1]]);
  });
});
