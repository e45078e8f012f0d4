// A guest cart joins the member's cart at login (real edge + auth module): the login carries the
// guest's X-Cart-Token, and a cart that cannot be merged never fails the login.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuthApi, STRONG_PASSWORD, uniqueEmail } from '../support/auth-api.js';
import { OrderFixture } from '../orders/order-fixture.js';

describe('cart merge at login (integration)', () => {
  let fx: OrderFixture;
  let api: AuthApi;
  let sku: number;

  before(async () => {
    fx = await OrderFixture.start(['auth', 'edge']);
    api = new AuthApi(fx.cat.fx.http);
    sku = (await fx.rx.item([10])).skus[0].id;
  });
  after(async () => {
    await fx?.close();
  });

  it('cart - a login with X-Cart-Token merges the guest cart into the member cart', async () => {
    const email = uniqueEmail('cartmerge');
    assert.equal((await api.registerBuyer(email)).status, 201);
    const guest = await fx.cat.send('POST', '/api/v1/cart/items', undefined, { sku, quantity: 2 });
    assert.equal(guest.status, 200, guest.text);
    const cartToken = String(guest.headers['x-cart-token']);

    const login = await api.post('/api/v1/auth/login', { email, password: STRONG_PASSWORD, session: 'body' }, { 'x-cart-token': cartToken });
    assert.equal(login.status, 200, login.text);
    const member = await fx.cat.expect(200, 'GET', '/api/v1/cart', login.json().accessToken);
    assert.deepEqual(member.items.map((l: { sku: number; quantity: number }) => [l.sku, l.quantity]), [[sku, 2]]);
    const gone = (await fx.cat.send('GET', '/api/v1/cart', undefined, undefined, { 'x-cart-token': cartToken })).json();
    assert.deepEqual(gone, { items: [], total: 0 }, 'the guest cart is gone');
  });

  it('cart - a login with a malformed X-Cart-Token still signs in', async () => {
    const email = uniqueEmail('cartmerge');
    assert.equal((await api.registerBuyer(email)).status, 201);
    const login = await api.post('/api/v1/auth/login', { email, password: STRONG_PASSWORD, session: 'body' }, { 'x-cart-token': 'bad token!' });
    assert.equal(login.status, 200, login.text);
  });
});
