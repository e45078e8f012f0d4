// Forged, tampered, replayed and under-privileged tokens: each gets its documented 401 or 403 code,
// nothing is written, and a replayed refresh token revokes its whole family.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { mintAccessToken } from '../../engine/auth/dev-token-issuer.js';
import { ensureSigningKeys } from '../../engine/auth/signing-keys.js';
import { AuthApi, errorCode } from '../support/auth-api.js';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';
import { bearer } from '../support/http-client.js';
import { runOptions, snapshotRows } from './hostile-support.js';

const b64 = (value: object | string) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

describe('hostile tokens (integration)', () => {
  let fx: FlashSaleFixture;
  let api: AuthApi;

  before(async () => {
    // the limits on but far from biting: their middlewares see every hostile header, the routes still answer
    fx = await FlashSaleFixture.start(['auth', 'edge'], { IP_RATE_LIMIT_PER_SEC: '1000000', USER_RATE_LIMIT_PER_SEC: '1000000' });
    api = new AuthApi(fx.http);
  });
  after(async () => {
    await fx?.close();
  });

  async function signed(claims: JWTPayload, options: { kid?: string; key?: 'ours' | 'other' } = {}): Promise<string> {
    const signing = await ensureSigningKeys(fx.ns.config.dataDir);
    const key = options.key === 'other' ? (await generateKeyPair('ES256')).privateKey : signing.privateKey;
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ roles: ['admin'], sub: '1', iss: fx.ns.config.jwt.issuer, aud: fx.ns.config.jwt.audience, iat: now, exp: now + 300, ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: options.kid ?? signing.kid })
      .sign(key);
  }

  it('hostile - forged, tampered, expired and misdirected tokens are 401 UNAUTHENTICATED and write nothing', async () => {
    const rows = await snapshotRows(fx.db);
    const good = await signed({});
    const [header, payload, signature] = good.split('.');
    const jwks = (await fx.http.send('GET', '/.well-known/jwks.json')).text;
    const hsHeader = b64({ alg: 'HS256', typ: 'JWT', kid: JSON.parse(jwks).keys[0].kid });
    const hs256 = `${hsHeader}.${payload}.${createHmac('sha256', jwks).update(`${hsHeader}.${payload}`).digest('base64url')}`;
    const now = Math.floor(Date.now() / 1000);
    const cases: [string, string][] = [
      ['alg none', `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`],
      ['HS256 signed with the public key set', hs256],
      ['signed with another key', await signed({}, { key: 'other' })],
      ['tampered payload', `${header}.${b64({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: '2' })}.${signature}`],
      ['tampered signature', `${header}.${payload}.${signature.slice(0, -4)}AAAA`],
      ['unknown kid', await signed({}, { kid: 'not-a-key' })],
      ['expired', await signed({ iat: now - 3600, exp: now - 600 })],
      ['not yet valid', await signed({ nbf: now + 3600 })],
      ['issued in the future', await signed({ iat: now + 3600, exp: now + 7200 })],
      ['wrong audience', await signed({ aud: 'someone-else' })],
      ['wrong issuer', await signed({ iss: 'evil' })],
      ['subject not a user id', await signed({ sub: "1' OR '1'='1" })],
      ['unknown role', await signed({ roles: ['root'] })],
    ];
    for (const [name, token] of cases) {
      for (const [method, path] of [['GET', '/api/v1/orders'], ['POST', '/api/v1/admin/settlements/run'], ['GET', '/api/v1/auth/me']]) {
        const answer = await fx.http.send(method, path, { headers: bearer(token) });
        assert.equal(answer.status, 401, `${name} on ${path}: ${answer.text}`);
        assert.equal(errorCode(answer), 'UNAUTHENTICATED', name);
      }
    }
    await fc.assert(fc.asyncProperty(fc.oneof(fc.string({ maxLength: 300 }), fc.tuple(fc.base64String(), fc.base64String(), fc.base64String()).map((p) => p.join('.'))), async (token) => {
      const answer = await fx.http.send('GET', '/api/v1/orders', { headers: { authorization: `Bearer ${token}` } });
      assert.equal(answer.status, 401, answer.text);
      assert.equal(errorCode(answer), 'UNAUTHENTICATED');
    }), runOptions(100));
    assert.deepEqual(await snapshotRows(fx.db), rows, 'no row changed');
  });

  it('hostile - valid tokens without the role or scope a route needs are 403 FORBIDDEN and write nothing', async () => {
    const rows = await snapshotRows(fx.db);
    const buyer = await fx.token(900_100, 'buyer');
    const service = await mintAccessToken(fx.ns.config, { userId: 900_101, roles: ['service'], scopes: ['catalog:read'] });
    const cases: [string, string, string, string][] = [
      ['buyer creates a sale', buyer, 'POST', '/api/v1/admin/sales'],
      ['buyer runs settlements', buyer, 'POST', '/api/v1/admin/settlements/run'],
      ['buyer rotates keys', buyer, 'POST', '/api/v1/admin/auth/keys/rotate'],
      ['buyer lists parked orders', buyer, 'GET', '/api/v1/admin/orders/parked'],
      ['buyer submits internal orders', buyer, 'POST', '/internal/v1/orders'],
      ['service without order:intake', service, 'POST', '/internal/v1/orders'],
      ['service on an admin route', service, 'POST', '/api/v1/admin/sales'],
    ];
    for (const [name, token, method, path] of cases) {
      const answer = await fx.http.send(method, path, { headers: { ...bearer(token), 'content-type': 'application/json', 'content-length': '2' }, body: '{}' });
      assert.equal(answer.status, 403, `${name}: ${answer.text}`);
      assert.equal(errorCode(answer), 'FORBIDDEN', name);
    }
    assert.deepEqual(await snapshotRows(fx.db), rows, 'no row changed');
  });

  it('hostile - a replayed refresh token is refused and revokes its whole family', async () => {
    const { refreshToken: first } = await api.signedInBuyer();
    const rotated = await api.refresh(first);
    assert.equal(rotated.status, 200, rotated.text);
    // the owner refreshes on, so the replay is no retry within the reuse grace window (refresh-race test)
    const rotatedOn = await api.refresh(rotated.json().refreshToken);
    assert.equal(rotatedOn.status, 200, rotatedOn.text);
    const newest = rotatedOn.json().refreshToken as string;
    const replay = await api.refresh(first);
    assert.equal(replay.status, 401);
    assert.equal(errorCode(replay), 'REFRESH_TOKEN_REUSED');
    const afterTheft = await api.refresh(newest);
    assert.equal(afterTheft.status, 401, 'the family is revoked: the newest token dies too');
    assert.equal(errorCode(afterTheft), 'INVALID_REFRESH_TOKEN');
    for (const forged of ['rt_' + 'A'.repeat(43), "rt_' OR 1=1 --", '']) {
      const answer = await api.refresh(forged);
      assert.ok(answer.status === 401 || answer.status === 400, answer.text);
      assert.ok(['INVALID_REFRESH_TOKEN', 'INVALID_INPUT'].includes(errorCode(answer) ?? ''), answer.text);
    }
  });
});
