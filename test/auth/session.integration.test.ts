// Accounts and sessions end to end (real edge + auth module + Postgres + Redis + NATS):
// register, login, refresh rotation with theft detection, single session, logout, profile, deletion.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { AuthApi, errorCode, STRONG_PASSWORD, uniqueEmail } from '../support/auth-api.js';
import { waitFor } from '../support/eventually.js';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';

describe('auth sessions (integration)', () => {
  let fx: FlashSaleFixture;
  let api: AuthApi;

  before(async () => {
    fx = await FlashSaleFixture.start(['auth', 'edge']);
    api = new AuthApi(fx.http);
  });
  after(() => fx?.close());

  it('auth - register, login, protected route, refresh (a retry gets the same child); reusing an old refresh token revokes the whole family', async () => {
    const email = uniqueEmail();
    const registered = await api.registerBuyer(email);
    assert.equal(registered.status, 201, registered.text);
    assert.deepEqual(registered.json().roles, ['buyer']);
    assert.equal(registered.json().passwordHash, undefined);

    const login = await api.login(email.toUpperCase()); // emails are case-insensitive
    assert.equal(login.status, 200, login.text);
    const first = login.json();
    assert.equal(first.tokenType, 'Bearer');
    assert.equal(first.expiresIn, 900);
    assert.match(first.refreshToken, /^rt_/);
    const claims = decodeJwt(first.accessToken);
    assert.equal(claims.sub, String(registered.json().id));
    assert.deepEqual(claims.roles, ['buyer']);
    assert.equal(claims.iss, fx.ns.config.jwt.issuer);
    assert.equal(claims.aud, fx.ns.config.jwt.audience);
    assert.ok(typeof claims.jti === 'string' && typeof decodeProtectedHeader(first.accessToken).kid === 'string');

    const me = await api.get('/api/v1/auth/me', first.accessToken);
    assert.equal(me.status, 200, me.text);
    assert.equal(me.json().email, email);

    const refreshed = await api.refresh(first.refreshToken);
    assert.equal(refreshed.status, 200, refreshed.text);
    const second = refreshed.json();
    assert.notEqual(second.refreshToken, first.refreshToken);
    assert.equal((await api.get('/api/v1/auth/me', second.accessToken)).status, 200);

    // a second tab or a retry within AUTH_REFRESH_REUSE_GRACE_SEC gets the same child, not a revocation
    const retried = await api.refresh(first.refreshToken);
    assert.equal(retried.status, 200, retried.text);
    assert.equal(retried.json().refreshToken, second.refreshToken);
    const third = (await api.refresh(second.refreshToken)).json();

    // the child rotated on: the first token coming back now is a second holder (theft)
    const reused = await api.refresh(first.refreshToken);
    assert.equal(reused.status, 401);
    assert.equal(errorCode(reused), 'REFRESH_TOKEN_REUSED');
    const afterTheft = await api.refresh(third.refreshToken);
    assert.equal(afterTheft.status, 401);
    assert.equal(errorCode(afterTheft), 'INVALID_REFRESH_TOKEN');
    assert.match(fx.roles.get('auth')!.output(), /refresh token reuse: token family revoked/);
    // access JWTs are stateless, but the revocation broadcast makes the edge refuse this session's ones too
    await waitFor(async () => (await api.get('/api/v1/auth/me', second.accessToken)).status === 401, { message: 'the revoked session refused at the edge' });
    assert.equal(errorCode(await api.get('/api/v1/auth/ping', first.accessToken)), 'UNAUTHENTICATED');
  });

  it('auth - single session: a second login revokes the first session', async () => {
    const { email, refreshToken: first } = await api.signedInBuyer();
    const second = (await api.login(email)).json();
    const old = await api.refresh(first);
    assert.equal(old.status, 401);
    assert.equal(errorCode(old), 'INVALID_REFRESH_TOKEN');
    assert.equal((await api.refresh(second.refreshToken)).status, 200);
  });

  it('auth - the edge refuses the access token of a session revoked by a newer login or a logout', async () => {
    const { email, accessToken: first } = await api.signedInBuyer();
    const second = (await api.login(email)).json();
    await waitFor(async () => (await api.get('/api/v1/auth/ping', first)).status === 401, { message: 'the older session refused' });
    assert.equal((await api.get('/api/v1/auth/ping', second.accessToken)).status, 200);
    await api.post('/api/v1/auth/logout', { refreshToken: second.refreshToken });
    await waitFor(async () => (await api.get('/api/v1/auth/ping', second.accessToken)).status === 401, { message: 'the logged-out session refused' });
  });

  it('auth - browsers get the refresh token as an HttpOnly Secure SameSite=Strict cookie and refresh with it', async () => {
    const { email } = await api.signedInBuyer();
    const login = await fx.http.send('POST', '/api/v1/auth/login', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: STRONG_PASSWORD }),
    });
    assert.equal(login.status, 200, login.text);
    assert.equal(login.json().refreshToken, undefined);
    const cookie = String(login.headers['set-cookie']);
    assert.match(cookie, /^gopang_refresh=rt_[A-Za-z0-9_-]+; Max-Age=2592000; Path=\/api\/v1\/auth; HttpOnly; Secure; SameSite=Strict$/);
    const pair = cookie.split(';')[0]!;
    const refreshed = await fx.http.send('POST', '/api/v1/auth/refresh', { headers: { cookie: pair } });
    assert.equal(refreshed.status, 200, refreshed.text);
    assert.match(String(refreshed.headers['set-cookie']), /^gopang_refresh=rt_/);
    const logout = await fx.http.send('POST', '/api/v1/auth/logout', { headers: { cookie: String(refreshed.headers['set-cookie']).split(';')[0]! } });
    assert.equal(logout.status, 200, logout.text);
    assert.match(String(logout.headers['set-cookie']), /^gopang_refresh=; Max-Age=0;/);
  });

  it('auth - logout revokes the family; without a refresh token it is refused', async () => {
    const { refreshToken } = await api.signedInBuyer();
    const logout = await api.post('/api/v1/auth/logout', { refreshToken });
    assert.deepEqual(logout.json(), { revoked: true });
    assert.equal(errorCode(await api.refresh(refreshToken)), 'INVALID_REFRESH_TOKEN');
    assert.equal(errorCode(await api.post('/api/v1/auth/logout', {})), 'INVALID_REFRESH_TOKEN');
    assert.equal(errorCode(await api.post('/api/v1/auth/refresh', { refreshToken: null })), 'INVALID_REFRESH_TOKEN');
    assert.equal(errorCode(await api.post('/api/v1/auth/refresh', { refreshToken: 'rt_forged' })), 'INVALID_REFRESH_TOKEN');
    assert.equal(errorCode(await api.post('/api/v1/auth/refresh', { refreshToken: refreshToken, extra: 1 })), 'INVALID_INPUT');
  });

  it('auth - registration enforces the password policy, required terms and unique emails', async () => {
    const email = uniqueEmail();
    for (const password of ['short1A!', 'alllowercaseletters', 'abcdefghij1234']) {
      assert.equal(errorCode(await api.registerBuyer(email, { password })), 'WEAK_PASSWORD', password);
    }
    assert.equal(errorCode(await api.registerBuyer(email, { password: `${email.split('@')[0]}A1!` })), 'WEAK_PASSWORD');
    const noPrivacy = await api.registerBuyer(email, { acceptedPolicies: [{ kind: 'terms', version: 1 }] });
    assert.equal(noPrivacy.status, 422);
    assert.equal(errorCode(noPrivacy), 'TERMS_NOT_ACCEPTED');
    assert.equal(errorCode(await api.registerBuyer(email, { acceptedPolicies: [{ kind: 'terms', version: 9 }, { kind: 'privacy', version: 1 }] })), 'TERMS_NOT_ACCEPTED');
    assert.equal(errorCode(await api.registerBuyer(email, { role: 'admin' })), 'INVALID_INPUT');
    assert.equal((await api.registerBuyer(email)).status, 201);
    const again = await api.registerBuyer(email.toUpperCase());
    assert.equal(again.status, 409);
    assert.equal(errorCode(again), 'EMAIL_TAKEN');
  });

  it('auth - sellers register with a business type and the seller terms; buyer and seller are separate accounts', async () => {
    const email = uniqueEmail('seller');
    assert.equal(errorCode(await api.registerSeller(email, { acceptedPolicies: [{ kind: 'terms', version: 1 }, { kind: 'privacy', version: 1 }] })), 'TERMS_NOT_ACCEPTED');
    assert.equal(errorCode(await api.registerSeller(email, { businessType: 'PYRAMID' })), 'INVALID_INPUT');
    const seller = await api.registerSeller(email, { businessType: 'OVERSEAS_DIRECT', businessNumber: '123-45-67890' });
    assert.equal(seller.status, 201, seller.text);
    assert.deepEqual(seller.json().roles, ['seller']);
    assert.deepEqual(seller.json().seller, { businessName: 'Lee Goods', businessType: 'OVERSEAS_DIRECT', businessNumber: '123-45-67890' });
    assert.deepEqual(seller.json().acceptedPolicies.map((p: { kind: string }) => p.kind), ['privacy', 'seller', 'terms']);
    assert.equal(errorCode(await api.registerBuyer(email)), 'EMAIL_TAKEN');
    const token = (await api.login(email)).json().accessToken;
    assert.deepEqual(decodeJwt(token).roles, ['seller']);
  });

  it('auth - profile update, userinfo, and soft deletion that makes login and refresh impossible', async () => {
    const { email, accessToken, refreshToken } = await api.signedInBuyer();
    const patched = await fx.http.send('PATCH', '/api/v1/auth/me', {
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Park Renamed', phone: '+82 10-1234-5678' }),
    });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.json().name, 'Park Renamed');
    const info = await api.get('/api/v1/auth/userinfo', accessToken);
    assert.deepEqual(info.json(), { sub: decodeJwt(accessToken).sub, email, name: 'Park Renamed' });
    assert.equal((await api.get('/api/v1/auth/userinfo')).status, 401);

    // node:http frames a DELETE body only when content-length is given
    const del = (password: string) => {
      const body = JSON.stringify({ password });
      const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
      return fx.http.send('DELETE', '/api/v1/auth/me', { headers, body });
    };
    assert.equal(errorCode(await del('Wrong-Password-1')), 'INVALID_CREDENTIALS');
    assert.equal((await del(STRONG_PASSWORD)).status, 200);
    const relogin = await api.login(email);
    assert.equal(relogin.status, 401);
    assert.equal(errorCode(relogin), 'INVALID_CREDENTIALS');
    assert.equal(errorCode(await api.refresh(refreshToken)), 'INVALID_REFRESH_TOKEN');
    assert.equal((await api.registerBuyer(email)).status, 201, 'a deleted account frees its email');
  });

  it('auth - policies are served by kind; an unknown kind is 404', async () => {
    const terms = await api.get('/api/v1/policies/terms');
    assert.equal(terms.status, 200);
    assert.deepEqual([terms.json().kind, terms.json().version, terms.json().requiredFor], ['terms', 1, ['buyer', 'seller']]);
    for (const kind of ['seller', 'review', 'youth', 'privacy']) assert.equal((await api.get(`/api/v1/policies/${kind}`)).status, 200, kind);
    assert.equal((await api.get('/api/v1/policies/cookies')).status, 404);
  });

  it('auth - client credentials: an admin creates a client; its secret buys a short token with scopes', async () => {
    const admin = await fx.token(1, 'admin');
    const created = await api.post('/api/v1/admin/service-clients', { name: 'order intake', scopes: ['order:intake', 'payment:write'] }, { authorization: `Bearer ${admin}` });
    assert.equal(created.status, 201, created.text);
    const { clientId, clientSecret } = created.json();
    const basic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
    const form = { 'content-type': 'application/x-www-form-urlencoded', authorization: basic };
    const token = await fx.http.send('POST', '/oauth/token', { headers: form, body: 'grant_type=client_credentials&scope=order%3Aintake' });
    assert.equal(token.status, 200, token.text);
    assert.deepEqual([token.json().token_type, token.json().expires_in, token.json().scope], ['Bearer', 300, 'order:intake']);
    const claims = decodeJwt(token.json().access_token);
    assert.deepEqual([claims.roles, claims.scope], [['service'], 'order:intake']);
    const viaBody = await api.post('/oauth/token', { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
    assert.equal(viaBody.json().scope, 'order:intake payment:write');

    // the token endpoint answers errors as RFC 6749 §5.2 says: standard clients parse them
    const oauthError = (answer: { status: number; json(): { error: string } }) => `${answer.status} ${answer.json().error}`;
    assert.equal(oauthError(await api.post('/oauth/token', { grant_type: 'client_credentials', client_id: clientId, client_secret: 'cs_wrong' })), '401 invalid_client');
    assert.equal(oauthError(await api.post('/oauth/token', { grant_type: 'client_credentials', client_id: 'svc_nobody', client_secret: clientSecret })), '401 invalid_client');
    assert.equal(oauthError(await api.post('/oauth/token', { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'sale:create' })), '400 invalid_scope');
    assert.equal(oauthError(await api.post('/oauth/token', { grant_type: 'password' })), '400 unsupported_grant_type');
    assert.equal(oauthError(await api.post('/oauth/token', { grant_type: 'client_credentials', client_id: clientId, client_secret: null, scope: null })), '401 invalid_client');
    const badBasic = { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from('svc_x:%E0%A4%A').toString('base64')}` };
    assert.equal(oauthError(await fx.http.send('POST', '/oauth/token', { headers: badBasic, body: 'grant_type=client_credentials' })), '401 invalid_client');
    const buyer = await fx.token(2, 'buyer');
    assert.equal((await api.post('/api/v1/admin/service-clients', { name: 'x', scopes: ['order:intake'] }, { authorization: `Bearer ${buyer}` })).status, 403);
  });

  it('auth - discovery documents name the issuer, the JWKS and the endpoints', async () => {
    const config = (await api.get('/.well-known/openid-configuration')).json();
    assert.equal(config.issuer, fx.ns.config.publicUrl);
    assert.equal(config.issuer, fx.ns.config.jwt.issuer);
    assert.match(config.jwks_uri, /\/\.well-known\/jwks\.json$/);
    assert.match(config.token_endpoint, /\/oauth\/token$/);
    const jwks = (await api.get('/.well-known/jwks.json')).json();
    assert.ok(jwks.keys.length >= 1 && jwks.keys.every((k: { kty: string; d?: string }) => k.kty === 'EC' && k.d === undefined));
  });
});
