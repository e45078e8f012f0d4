// Every kind of bad request gets its documented 4xx code, changes nothing, and the edge keeps serving.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateKeyPair, SignJWT } from 'jose';
import { ensureSigningKeys } from '../../../engine/auth/signing-keys.js';
import { FlashSaleFixture } from '../../support/flash-sale-fixture.js';
import { bearer } from '../../support/http-client.js';

describe('edge bad input (integration)', () => {
  let fx: FlashSaleFixture;
  let saleId: number;
  let buyer: string;
  const stock = 5;

  before(async () => {
    fx = await FlashSaleFixture.start(['edge', 'worker']);
    saleId = await fx.createSale({ stock, perUserLimit: 5 });
    buyer = await fx.token(500, 'buyer');
  });
  after(async () => {
    await fx?.close();
  });

  /** A buyer token signed by our key id; with another private key it is a forgery. */
  async function buyerToken(options: { forged?: boolean; expiresAt?: string } = {}): Promise<string> {
    const signing = await ensureSigningKeys(fx.ns.config.dataDir);
    const key = options.forged ? (await generateKeyPair('ES256')).privateKey : signing.privateKey;
    return new SignJWT({ roles: ['buyer'] })
      .setProtectedHeader({ alg: 'ES256', kid: signing.kid })
      .setSubject('500')
      .setIssuer(fx.ns.config.jwt.issuer)
      .setAudience(fx.ns.config.jwt.audience)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 600)
      .setExpirationTime(options.expiresAt ?? '5m')
      .sign(key);
  }

  function post(headers: Record<string, string>, body: string | Buffer, path = `/api/v1/sales/${saleId}/attempts`) {
    return fx.http.send('POST', path, { headers: { 'content-type': 'application/json', ...headers }, body });
  }

  it('edge - bad attempts get documented codes and change no state', async () => {
    const key = { 'idempotency-key': 'k-bad' };
    const good = '{"quantity":1}';
    const cases: [string, () => Promise<{ status: number; text: string }>, number, string][] = [
      ['no token', () => post(key, good), 401, 'UNAUTHENTICATED'],
      ['not a bearer header', () => post({ ...key, authorization: `Basic ${buyer}` }, good), 401, 'UNAUTHENTICATED'],
      ['forged token', async () => post({ ...key, ...bearer(await buyerToken({ forged: true })) }, good), 401, 'UNAUTHENTICATED'],
      ['expired token', async () => post({ ...key, ...bearer(await buyerToken({ expiresAt: '2 minutes ago' })) }, good), 401, 'UNAUTHENTICATED'],
      ['garbage token', () => post({ ...key, ...bearer('abc.def.ghi') }, good), 401, 'UNAUTHENTICATED'],
      ['wrong role', async () => post({ ...key, ...bearer(await fx.token(501, 'seller')) }, good), 403, 'FORBIDDEN'],
      ['missing Idempotency-Key', () => post(bearer(buyer), good), 400, 'IDEMPOTENCY_KEY_REQUIRED'],
      ['Idempotency-Key too long', () => post({ ...bearer(buyer), 'idempotency-key': 'x'.repeat(129) }, good), 400, 'IDEMPOTENCY_KEY_REQUIRED'],
      ['malformed JSON', () => post({ ...key, ...bearer(buyer) }, '{"quantity":'), 400, 'MALFORMED_JSON'],
      ['empty body', () => post({ ...key, ...bearer(buyer) }, ''), 400, 'MALFORMED_JSON'],
      ['unknown field', () => post({ ...key, ...bearer(buyer) }, '{"quantity":1,"price":1}'), 400, 'INVALID_INPUT'],
      ['quantity 0', () => post({ ...key, ...bearer(buyer) }, '{"quantity":0}'), 400, 'INVALID_INPUT'],
      ['quantity huge', () => post({ ...key, ...bearer(buyer) }, '{"quantity":1000000000}'), 400, 'INVALID_INPUT'],
      ['quantity fractional', () => post({ ...key, ...bearer(buyer) }, '{"quantity":1.5}'), 400, 'INVALID_INPUT'],
      ['quantity string', () => post({ ...key, ...bearer(buyer) }, '{"quantity":"1"}'), 400, 'INVALID_INPUT'],
      ['array body', () => post({ ...key, ...bearer(buyer) }, '[1]'), 400, 'INVALID_INPUT'],
      ['oversized body', () => post({ ...key, ...bearer(buyer) }, `{"quantity":1,"pad":"${'x'.repeat(4096)}"}`), 413, 'PAYLOAD_TOO_LARGE'],
      ['unknown sale', () => post({ ...key, ...bearer(buyer) }, good, '/api/v1/sales/999999/attempts'), 404, 'NOT_FOUND'],
      ['non-numeric sale', () => post({ ...key, ...bearer(buyer) }, good, '/api/v1/sales/abc/attempts'), 404, 'NOT_FOUND'],
    ];
    for (const [name, send, status, code] of cases) {
      const answer = await send();
      assert.equal(answer.status, status, `${name}: ${answer.text}`);
      assert.equal(JSON.parse(answer.text).error.code, code, name);
    }
    const sale = (await fx.http.send('GET', `/api/v1/sales/${saleId}`)).json();
    assert.equal(sale.remaining, stock, 'no unit was taken');
    const orders = await fx.db.query('SELECT count(*)::int AS n FROM orders');
    assert.equal(orders.rows[0].n, 0, 'no order row was written');
    assert.equal((await fx.http.send('GET', '/healthz')).status, 200, 'still serving');
    const ok = await post({ 'idempotency-key': 'k-good', ...bearer(buyer) }, good);
    assert.equal(ok.status, 202, 'a good attempt still works afterwards');
  });

  it('edge - bad admin requests get documented codes', async () => {
    const admin = await fx.token(1, 'admin');
    const sale = { sku: 'S', stock: 1, perUserLimit: 1, price: 1, salePrice: 1, startsAt: '2026-01-01T00:00:00Z', endsAt: '2027-01-01T00:00:00Z' };
    const path = '/api/v1/admin/sales';
    const cases: [string, Record<string, string>, string, number, string][] = [
      ['buyer may not create sales', bearer(buyer), JSON.stringify(sale), 403, 'FORBIDDEN'],
      ['no token', {}, JSON.stringify(sale), 401, 'UNAUTHENTICATED'],
      ['malformed JSON', bearer(admin), '{', 400, 'MALFORMED_JSON'],
      ['unknown field', bearer(admin), JSON.stringify({ ...sale, extra: 1 }), 400, 'INVALID_INPUT'],
      ['stock 0', bearer(admin), JSON.stringify({ ...sale, stock: 0 }), 400, 'INVALID_INPUT'],
      ['bad date', bearer(admin), JSON.stringify({ ...sale, startsAt: 'yesterday' }), 400, 'INVALID_INPUT'],
      ['ends before start', bearer(admin), JSON.stringify({ ...sale, endsAt: '2025-01-01T00:00:00Z' }), 400, 'INVALID_INPUT'],
      ['SQL in sku', bearer(admin), JSON.stringify({ ...sale, sku: "x'; DROP TABLE sales; --" }), 400, 'INVALID_INPUT'],
      ['oversized body', bearer(admin), 'x'.repeat(70_000), 413, 'PAYLOAD_TOO_LARGE'],
    ];
    for (const [name, headers, body, status, code] of cases) {
      const answer = await post(headers, body, path);
      assert.equal(answer.status, status, `${name}: ${answer.text}`);
      assert.ok(answer.text.startsWith('{'), `${name}: JSON body, got "${answer.text}"`);
      assert.equal(JSON.parse(answer.text).error.code, code, name);
    }
    // a body past hyper-express's 16 KiB stream buffer, read at once by its route, still gets an answer
    const big = await post(bearer(buyer), JSON.stringify({ pad: 'y'.repeat(30_000) }), '/api/v1/cart/items');
    assert.equal(big.status, 400, big.text);
    const missing = await fx.http.send('GET', '/api/v1/sales/123456');
    assert.equal(missing.status, 404);
    assert.equal((await fx.http.send('GET', '/api/v1/nothing-here')).json().error.code, 'NOT_FOUND');
  });
});
