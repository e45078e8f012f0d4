// @gopang/client against a running edge: the REST client generated from the OpenAPI document calls real
// routes with typed paths, parameters, headers and bodies, and reads typed answers and errors; the push
// client's connect() rejects on a refused token instead of retrying forever, and loads msgpack on demand.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { createRestClient, PushClient, PushError, type RestClient, type WebSocketLike } from '../../client/src/index.js';
import { openApiDocument } from '../../edge/openapi/openapi-document.js';
import { BUYER_TERMS, STRONG_PASSWORD, uniqueEmail } from '../support/auth-api.js';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';
import { answerChecker, type OpenApiDoc } from '../support/openapi-answers.js';

const checkAnswer = answerChecker(openApiDocument() as OpenApiDoc);

/** The answer is what the document says this operation answers with this status. */
function assertDocumented(path: string, method: string, status: number, data: unknown): void {
  assert.equal(checkAnswer(path, method, status, data), undefined);
}

describe('client package (integration)', () => {
  let fx: FlashSaleFixture;
  let baseUrl: string;
  let admin: RestClient;
  const clients: PushClient[] = [];

  before(async () => {
    fx = await FlashSaleFixture.start(['auth', 'edge']);
    baseUrl = fx.http.baseUrl;
    const adminToken = await fx.token(1, 'admin');
    admin = createRestClient({ baseUrl, getToken: () => adminToken });
  });
  after(async () => {
    for (const client of clients) client.close();
    await fx?.close();
  });

  /** hideStatus: the socket reports a refused upgrade as a browser's does, without its HTTP status */
  function pushClient(getToken: () => string | Promise<string>, codec: 'json' | 'msgpack' = 'json', hideStatus = false) {
    let dials = 0;
    const client = new PushClient({
      url: `${baseUrl.replace(/^http/, 'ws')}/ws`,
      getToken,
      codec,
      backoff: { initialMs: 20, maxMs: 50 },
      createSocket: (url, protocols) => {
        dials++;
        const socket = new WebSocket(url, protocols);
        if (hideStatus) socket.on('unexpected-response', () => socket.terminate()); // no error event with the status
        return socket as unknown as WebSocketLike;
      },
    });
    clients.push(client);
    return { client, dials: () => dials };
  }

  it('client - REST: a sale is created, read, attempted and its ticket read through typed calls', async () => {
    const health = await admin.GET('/healthz');
    assert.equal(health.data?.status, 'ok');
    assertDocumented('/healthz', 'get', 200, health.data);

    const created = await admin.POST('/api/v1/admin/sales', {
      body: {
        sku: 'CLIENT-1', stock: 5, perUserLimit: 2, price: 20_000, salePrice: 10_000,
        startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      },
    });
    assert.equal(created.response.status, 201, JSON.stringify(created.error));
    const saleId = created.data!.id;
    assertDocumented('/api/v1/admin/sales', 'post', 201, created.data);

    const sale = await admin.GET('/api/v1/sales/{id}', { params: { path: { id: saleId } } });
    assert.equal(sale.data?.stock, 5);
    assert.equal(sale.data?.remaining, 5);
    assertDocumented('/api/v1/sales/{id}', 'get', 200, sale.data);

    const buyerToken = await fx.token(7001, 'buyer');
    const buyer = createRestClient({ baseUrl, getToken: () => buyerToken });
    const attempt = await buyer.POST('/api/v1/sales/{id}/attempts', {
      params: { path: { id: saleId }, header: { 'Idempotency-Key': 'client-package-1' } },
      body: { quantity: 1 },
    });
    assert.equal(attempt.response.status, 202, JSON.stringify(attempt.error));
    assert.equal(attempt.data?.status, 'ADMITTED');
    assertDocumented('/api/v1/sales/{id}/attempts', 'post', 202, attempt.data);

    const ticket = await buyer.GET('/api/v1/tickets/{ticket}', { params: { path: { ticket: attempt.data!.ticket } } });
    assert.equal(ticket.data?.ticket, attempt.data!.ticket);
    assertDocumented('/api/v1/tickets/{ticket}', 'get', 200, ticket.data);
  });

  it('client - REST: an error answer is typed with its stable code; no token is sent without getToken', async () => {
    const missing = await admin.GET('/api/v1/sales/{id}', { params: { path: { id: 999_999_999 } } });
    assert.equal(missing.response.status, 404);
    assert.equal(missing.error?.error.code, 'NOT_FOUND');
    assertDocumented('/api/v1/sales/{id}', 'get', 404, missing.error);

    const anonymous = createRestClient({ baseUrl });
    const ping = await anonymous.GET('/api/v1/auth/ping');
    assert.equal(ping.data?.sub, null);
    assertDocumented('/api/v1/auth/ping', 'get', 200, ping.data);
    const refused = await anonymous.POST('/api/v1/admin/broadcasts', { body: { message: 'hi' } });
    assert.equal(refused.response.status, 401);
    assert.equal(refused.error?.error.code, 'UNAUTHENTICATED');
  });

  it('client - REST: an account is registered, signed in, read, changed and signed out; each answer fits the document', async () => {
    const anonymous = createRestClient({ baseUrl });
    const terms = await anonymous.GET('/api/v1/policies/{kind}', { params: { path: { kind: 'terms' } } });
    assertDocumented('/api/v1/policies/{kind}', 'get', 200, terms.data);
    const email = uniqueEmail('client');
    const registered = await anonymous.POST('/api/v1/auth/register', { body: { email, password: STRONG_PASSWORD, name: 'Kim Client', acceptedPolicies: BUYER_TERMS } });
    assert.equal(registered.response.status, 201, JSON.stringify(registered.error));
    assertDocumented('/api/v1/auth/register', 'post', 201, registered.data);

    const grant = await anonymous.POST('/api/v1/auth/login', { body: { email, password: STRONG_PASSWORD, session: 'body' } });
    assert.equal(grant.response.status, 200, JSON.stringify(grant.error));
    assertDocumented('/api/v1/auth/login', 'post', 200, grant.data);
    const member = createRestClient({ baseUrl, getToken: () => grant.data!.accessToken });
    assertDocumented('/api/v1/auth/me', 'get', 200, (await member.GET('/api/v1/auth/me')).data);
    const changed = await member.PATCH('/api/v1/auth/me', { body: { phone: '010-1111-2222' } });
    assert.equal(changed.data?.phone, '010-1111-2222');
    assertDocumented('/api/v1/auth/me', 'patch', 200, changed.data);
    assertDocumented('/api/v1/auth/userinfo', 'get', 200, (await member.GET('/api/v1/auth/userinfo')).data);
    const out = await member.POST('/api/v1/auth/logout', { body: { refreshToken: grant.data!.refreshToken } });
    assertDocumented('/api/v1/auth/logout', 'post', 200, out.data);
    assertDocumented('/.well-known/jwks.json', 'get', 200, (await anonymous.GET('/.well-known/jwks.json')).data);
    assertDocumented('/.well-known/openid-configuration', 'get', 200, (await anonymous.GET('/.well-known/openid-configuration')).data);
  });

  it('client - REST: catalog answers (seller, category tree, items, listings) fit the document', async () => {
    const sellerToken = await fx.token(7010, 'seller');
    const seller = createRestClient({ baseUrl, getToken: () => sellerToken });
    const shop = await seller.POST('/api/v1/seller/sellers', {
      body: {
        name: 'Client Shop', returnAddress: '1 Return Road, Seoul', returnFee: 3000, exchangeFee: 6000,
        deliveryProfiles: [{ shippingOrigin: 'Incheon', courier: 'CJ', method: 'PARCEL', fee: 2500, days: 2, remoteArea: false }],
      },
    });
    assert.equal(shop.response.status, 201, JSON.stringify(shop.error));
    assertDocumented('/api/v1/seller/sellers', 'post', 201, shop.data);
    assertDocumented('/api/v1/sellers/{id}', 'get', 200, (await admin.GET('/api/v1/sellers/{id}', { params: { path: { id: shop.data!.id } } })).data);
    const approval = await admin.POST('/api/v1/admin/sellers/{id}/approval', { params: { path: { id: shop.data!.id } }, body: { approved: true, reason: 'documents checked' } });
    assert.equal(approval.response.status, 200, JSON.stringify(approval.error));
    assertDocumented('/api/v1/admin/sellers/{id}/approval', 'post', 200, approval.data);

    const parent = await admin.POST('/api/v1/admin/categories', { body: { name: 'Shoes' } });
    const child = await admin.POST('/api/v1/admin/categories', { body: { name: 'Sneakers', parentId: parent.data!.id } });
    assertDocumented('/api/v1/admin/categories', 'post', 201, child.data);
    const tree = await admin.GET('/api/v1/categories');
    assert.ok(tree.data?.some((c) => c.children.length > 0));
    assertDocumented('/api/v1/categories', 'get', 200, tree.data);

    let item = (await seller.POST('/api/v1/seller/items', {
      body: {
        sellerId: shop.data!.id, categoryId: child.data!.id, name: 'Runner', productType: 'REALTIME', basePrice: 10_000,
        optionGroups: [{ name: 'size', values: ['250', '260'] }], skus: [{ options: ['250'], stock: 5 }, { options: ['260'], stock: 5 }],
      },
    })).data!;
    assertDocumented('/api/v1/seller/items', 'post', 201, item);
    const locked = await seller.POST('/api/v1/seller/items/{id}/lock', { params: { path: { id: item.id } } });
    assertDocumented('/api/v1/seller/items/{id}/lock', 'post', 200, locked.data);
    item = (await seller.DELETE('/api/v1/seller/items/{id}/lock', { params: { path: { id: item.id } } })).data!;
    // REVIEW -> PREPARATION is an admin's decision (docs/admin.md)
    for (const to of ['DEVELOPMENT', 'REVIEW', 'PREPARATION', 'LAUNCH', 'SALES'] as const) {
      const moved = to === 'PREPARATION'
        ? await admin.POST('/api/v1/admin/items/{id}/review', { params: { path: { id: item.id } }, body: { approved: true, reason: 'ok', version: item.version } })
        : await seller.POST('/api/v1/seller/items/{id}/lifecycle', { params: { path: { id: item.id } }, body: { to, version: item.version } });
      assert.equal(moved.response.status, 200, JSON.stringify(moved.error));
      item = moved.data!;
    }
    assertDocumented('/api/v1/seller/items/{id}/lifecycle', 'post', 200, item);
    assertDocumented('/api/v1/items/{id}', 'get', 200, (await admin.GET('/api/v1/items/{id}', { params: { path: { id: item.id } } })).data);
    const listing = await admin.GET('/api/v1/items', { params: { query: { category: child.data!.id } } });
    assert.equal(listing.data?.items.length, 1);
    assertDocumented('/api/v1/items', 'get', 200, listing.data);
    assertDocumented('/api/v1/seller/items', 'get', 200, (await seller.GET('/api/v1/seller/items', { params: { query: { seller: shop.data!.id } } })).data);
  });

  it('client - push: connect() rejects with UNAUTHENTICATED on a refused token and stops dialling', async () => {
    const { client, dials } = pushClient(() => 'not-a-token');
    await assert.rejects(client.connect(), (err: unknown) => err instanceof PushError && err.code === 'UNAUTHENTICATED');
    await new Promise((resolve) => setTimeout(resolve, 300)); // several backoff periods
    assert.equal(dials(), 1, 'no reconnect after a refusal');
  });

  it('client - push: where the socket hides the status (browsers), the token check at /api/v1/auth/ping rejects connect()', async () => {
    const { client, dials } = pushClient(() => 'not-a-token', 'json', true);
    await assert.rejects(client.connect(), (err: unknown) => err instanceof PushError && err.code === 'UNAUTHENTICATED');
    assert.equal(dials(), 1);
  });

  it('client - push: a valid token connects, with JSON and with msgpack (loaded on first use)', async () => {
    for (const codec of ['json', 'msgpack'] as const) {
      const token = await fx.token(7002, 'buyer');
      const { client } = pushClient(() => token, codec);
      await client.connect();
      assert.equal(client.userId, 7002, codec);
      client.close();
    }
  });
});
