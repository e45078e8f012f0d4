// At a real edge: forged tokens are refused with 401 UNAUTHENTICATED, and route permissions give
// each role 2xx where it may and 403 FORBIDDEN where it may not.
import assert from 'node:assert/strict';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { base64url, exportSPKI, SignJWT, UnsecuredJWT, type JWTPayload, type KeyLike } from 'jose';
import { mintAccessToken } from '../../engine/auth/dev-token-issuer.js';
import { ensureSigningKeys, type SigningKey } from '../../engine/auth/signing-keys.js';
import { AuthApi, errorCode } from '../support/auth-api.js';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';
import type { HttpAnswer } from '../support/http-client.js';

describe('edge tokens and permissions (integration)', () => {
  let fx: FlashSaleFixture;
  let api: AuthApi;
  let key: SigningKey;

  before(async () => {
    fx = await FlashSaleFixture.start(['edge']);
    api = new AuthApi(fx.http);
    key = await ensureSigningKeys(fx.ns.config.dataDir);
  });
  after(() => fx?.close());

  const now = () => Math.floor(Date.now() / 1000);
  function craft(claims: Record<string, unknown> = {}, opts: { key?: KeyLike | Uint8Array; alg?: string } = {}): Promise<string> {
    const { issuer, audience } = fx.ns.config.jwt;
    const payload = { iss: issuer, aud: audience, sub: '7', roles: ['buyer'], iat: now(), exp: now() + 600, ...claims } as JWTPayload;
    return new SignJWT(payload).setProtectedHeader({ alg: opts.alg ?? 'ES256', kid: key.kid }).sign(opts.key ?? key.privateKey);
  }
  const refused = (answer: HttpAnswer, what: string) => {
    assert.equal(answer.status, 401, `${what}: ${answer.text}`);
    assert.equal(errorCode(answer), 'UNAUTHENTICATED', what);
  };

  it('auth - forged tokens are refused at the edge with 401 UNAUTHENTICATED', async () => {
    assert.equal((await api.get('/api/v1/auth/ping', await craft())).status, 200, 'the well-formed control token passes');
    const { issuer, audience } = fx.ns.config.jwt;
    const unsecured = new UnsecuredJWT({ sub: '7', roles: ['admin'] }).setIssuer(issuer).setAudience(audience).setExpirationTime('10m').encode();
    const noneWithKid = `${base64url.encode(JSON.stringify({ alg: 'none', kid: key.kid }))}.${unsecured.split('.')[1]}.c2ln`;
    const spki = await exportSPKI(createPublicKey(key.privateKey as KeyObject));
    const jwk = JSON.stringify(JSON.parse(await readFile(fx.ns.config.jwt.jwksFile, 'utf8')).keys[0]);
    const [h, p, s] = (await craft()).split('.');
    const tampered = `${h}.${base64url.encode(JSON.stringify({ ...JSON.parse(new TextDecoder().decode(base64url.decode(p!))), roles: ['admin'] }))}.${s}`;
    const cases: [string, string][] = [
      ['alg none', unsecured],
      ['alg none with a known kid', noneWithKid],
      ['HS256 with the PEM public key as secret', await craft({}, { alg: 'HS256', key: new TextEncoder().encode(spki) })],
      ['HS256 with the JWK as secret', await craft({}, { alg: 'HS256', key: new TextEncoder().encode(jwk) })],
      ['tampered payload', tampered],
      ['wrong audience', await craft({ aud: 'another-api' })],
      ['wrong issuer', await craft({ iss: 'https://evil.example' })],
      ['expired beyond the skew', await craft({ iat: now() - 900, exp: now() - 31 })],
      ['not yet valid beyond the skew', await craft({ nbf: now() + 60 })],
    ];
    for (const [what, token] of cases) refused(await api.get('/api/v1/auth/ping', token), what);
    // admin routes refuse the same forgeries before looking at permissions
    refused(await api.post('/api/v1/admin/sales', {}, { authorization: `Bearer ${tampered}` }), 'tampered on an admin route');
  });

  it('auth - each role gets 2xx on routes it may use and 403 FORBIDDEN on the others', async () => {
    const sale = { sku: 'RBAC-1', stock: 5, perUserLimit: 1, price: 100, salePrice: 50, startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString() };
    const tokens = {
      buyer: await fx.token(11, 'buyer'),
      seller: await fx.token(12, 'seller'),
      admin: await fx.token(13, 'admin'),
      service: await mintAccessToken(fx.ns.config, { userId: 14, roles: ['service'], scopes: ['order:intake'] }),
    };
    const createSale = (token: string) => api.post('/api/v1/admin/sales', sale, { authorization: `Bearer ${token}` });
    const expectations: [keyof typeof tokens, number][] = [['admin', 201], ['buyer', 403], ['seller', 403], ['service', 403]];
    for (const [role, status] of expectations) {
      const answer = await createSale(tokens[role]);
      assert.equal(answer.status, status, `${role} creating a sale: ${answer.text}`);
      if (status === 403) assert.equal(errorCode(answer), 'FORBIDDEN');
    }
    const saleId = (await createSale(tokens.admin)).json().id;
    const attempt = (token: string) => api.post(`/api/v1/sales/${saleId}/attempts`, { quantity: 1 }, { authorization: `Bearer ${token}`, 'idempotency-key': `k-${token.slice(-8)}` });
    assert.equal((await attempt(tokens.buyer)).status, 202, 'buyers attempt flash sales');
    assert.equal((await attempt(tokens.seller)).status, 403, 'sellers do not');
    for (const role of ['buyer', 'seller', 'service'] as const) {
      const rotate = await api.post('/api/v1/admin/auth/keys/rotate', {}, { authorization: `Bearer ${tokens[role]}` });
      assert.equal(rotate.status, 403, `${role} rotating keys`);
    }
    for (const role of Object.keys(tokens) as (keyof typeof tokens)[]) {
      assert.equal((await api.get('/api/v1/auth/ping', tokens[role])).status, 200, `${role} on a signed-in route`);
    }
  });
});
