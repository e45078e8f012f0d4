// Carts on a real edge: member and guest carts, quantity rules, and the guest-to-member merge.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OrderFixture } from '../orders/order-fixture.js';

describe('cart (integration)', () => {
  let fx: OrderFixture;
  let buyer: string;
  let skuA: number;
  let skuB: number;
  let priceA: number;

  before(async () => {
    fx = await OrderFixture.start(['edge'], { ORDER_MAX_QUANTITY_PER_SKU: '5' });
    buyer = await fx.cat.token(42, 'buyer');
    const item = await fx.rx.item([10, 10]);
    [skuA, skuB] = item.skus.map((s) => s.id);
    priceA = item.skus[0].price;
  });
  after(async () => {
    await fx?.close();
  });

  it('cart - a member adds, changes and removes lines and sees catalog prices', async () => {
    const added = await fx.cat.expect(200, 'POST', '/api/v1/cart/items', buyer, { sku: skuA, quantity: 2 });
    assert.deepEqual(added.items.map((l: { sku: number; quantity: number }) => [l.sku, l.quantity]), [[skuA, 2]]);
    assert.equal(added.total, 2 * priceA);
    await fx.cat.expect(200, 'POST', '/api/v1/cart/items', buyer, { sku: skuA, quantity: 1 });
    await fx.cat.expect(200, 'POST', '/api/v1/cart/items', buyer, { sku: skuB, quantity: 1 });
    const patched = await fx.cat.expect(200, 'PATCH', `/api/v1/cart/items/${skuA}`, buyer, { quantity: 4 });
    assert.equal(patched.items.find((l: { sku: number }) => l.sku === skuA).quantity, 4);
    const removed = await fx.cat.expect(200, 'DELETE', `/api/v1/cart/items/${skuB}`, buyer);
    assert.deepEqual(removed.items.map((l: { sku: number }) => l.sku), [skuA]);
    assert.equal((await fx.cat.send('DELETE', `/api/v1/cart/items/${skuB}`, buyer)).json().error.code, 'NOT_FOUND');
    await fx.cat.expect(200, 'DELETE', '/api/v1/cart', buyer);
    assert.deepEqual(await fx.cat.expect(200, 'GET', '/api/v1/cart', buyer), { items: [], total: 0 });
  });

  it('cart - bad input answers documented codes and changes nothing', async () => {
    const unknown = await fx.cat.send('POST', '/api/v1/cart/items', buyer, { sku: 99_999_999, quantity: 1 });
    assert.equal(unknown.status, 422);
    assert.equal(unknown.json().error.code, 'UNKNOWN_SKU');
    const over = await fx.cat.send('POST', '/api/v1/cart/items', buyer, { sku: skuA, quantity: 6 });
    assert.equal(over.status, 422);
    assert.equal(over.json().error.code, 'QUANTITY_OVER_LIMIT');
    const extra = await fx.cat.send('POST', '/api/v1/cart/items', buyer, { sku: skuA, quantity: 1, price: 1 });
    assert.equal(extra.json().error.code, 'INVALID_INPUT');
    assert.deepEqual(await fx.cat.expect(200, 'GET', '/api/v1/cart', buyer), { items: [], total: 0 });
  });

  it('cart - a guest cart lives on its token and merges into the member cart', async () => {
    const member = await fx.cat.token(77, 'buyer');
    await fx.cat.expect(200, 'POST', '/api/v1/cart/items', member, { sku: skuA, quantity: 3 });
    const first = await fx.cat.send('POST', '/api/v1/cart/items', undefined, { sku: skuA, quantity: 4 });
    assert.equal(first.status, 200);
    const token = String(first.headers['x-cart-token']);
    assert.match(token, /^[A-Za-z0-9_-]{16,64}$/);
    await fx.cat.send('POST', '/api/v1/cart/items', undefined, { sku: skuB, quantity: 1 }, { 'x-cart-token': token });
    const guestView = (await fx.cat.send('GET', '/api/v1/cart', undefined, undefined, { 'x-cart-token': token })).json();
    assert.equal(guestView.items.length, 2);
    const { rows } = await fx.db.query('SELECT count(*)::int AS n FROM carts WHERE guest_token_hash = $1', [token]);
    assert.equal(rows[0].n, 0, 'the raw token is never stored');

    const merged = (await fx.cat.send('POST', '/api/v1/cart/merge', member, undefined, { 'x-cart-token': token })).json();
    // 3 + 4 capped at the per-SKU maximum of 5
    assert.deepEqual(merged.items.map((l: { sku: number; quantity: number }) => [l.sku, l.quantity]).sort(), [[skuA, 5], [skuB, 1]].sort());
    const gone = (await fx.cat.send('GET', '/api/v1/cart', undefined, undefined, { 'x-cart-token': token })).json();
    assert.deepEqual(gone, { items: [], total: 0 });
    const noToken = await fx.cat.send('POST', '/api/v1/cart/merge', member);
    assert.equal(noToken.json().error.code, 'CART_TOKEN_REQUIRED');
  });
});
