// The OAuth 2.1 / OpenID Connect provider end to end, driven by a standard client library
// (openid-client) against a real edge + auth module: discovery, authorization code + PKCE through the
// login form, id_token validation, userinfo, refresh rotation, revocation, introspection, SSO.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { AuthApi, STRONG_PASSWORD, uniqueEmail } from '../support/auth-api.js';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';
import { registerOAuthClient, signInThroughForm, type RegisteredClient } from '../support/oauth-flow.js';

const REDIRECT = 'http://127.0.0.1:9/callback';

async function eventually(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('oauth provider (integration)', () => {
  let fx: FlashSaleFixture;
  let api: AuthApi;
  let issuer: string;
  let spa: RegisteredClient;
  let backend: RegisteredClient;

  const discover = (client: RegisteredClient, auth: oidc.ClientAuth) =>
    oidc.discovery(new URL(issuer), client.clientId, undefined, auth, { execute: [oidc.allowInsecureRequests] });

  /** A new buyer signed in through the form of `config`'s client: the tokens and what the flow used. */
  async function codeFlow(config: oidc.Configuration, scope = 'openid profile email offline_access') {
    const email = uniqueEmail('oauth');
    assert.equal((await api.registerBuyer(email)).status, 201);
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT, scope, state, nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    });
    const answer = await signInThroughForm(issuer, url, email, STRONG_PASSWORD);
    assert.equal(answer.status, 302, answer.html);
    const callback = new URL(answer.location!);
    const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: scope.includes('openid') });
    return { email, tokens, callback, verifier, sso: answer.cookies.gopang_sso! };
  }

  before(async () => {
    fx = await FlashSaleFixture.start(['auth', 'edge']);
    api = new AuthApi(fx.http);
    issuer = fx.ns.config.publicUrl;
    spa = await registerOAuthClient(fx, { name: 'Seller Centre', type: 'public', redirectUris: [REDIRECT], scopes: ['openid', 'profile', 'email', 'offline_access'] });
    backend = await registerOAuthClient(fx, { name: 'Partner Backend', type: 'confidential', redirectUris: [REDIRECT], scopes: ['openid', 'email', 'offline_access'] });
  });
  after(() => fx?.close());

  it('oauth - discovery is complete, names PUBLIC_URL as the issuer and ignores the Host header', async () => {
    const doc = (await fx.http.send('GET', '/.well-known/openid-configuration', { headers: { host: 'evil.example', 'x-forwarded-proto': 'https' } })).json();
    assert.equal(doc.issuer, issuer);
    assert.match(issuer, /^http:\/\/127\.0\.0\.1:\d+$/);
    for (const [field, path] of [['authorization_endpoint', '/oauth/authorize'], ['token_endpoint', '/oauth/token'], ['userinfo_endpoint', '/api/v1/auth/userinfo'],
      ['jwks_uri', '/.well-known/jwks.json'], ['revocation_endpoint', '/oauth/revoke'], ['introspection_endpoint', '/oauth/introspect']]) {
      assert.equal(doc[field!], `${issuer}${path}`, field);
    }
    assert.deepEqual(doc.response_types_supported, ['code']);
    assert.deepEqual(doc.subject_types_supported, ['public']);
    assert.deepEqual(doc.id_token_signing_alg_values_supported, ['ES256']);
    assert.deepEqual(doc.code_challenge_methods_supported, ['S256']);
    assert.deepEqual(doc.token_endpoint_auth_methods_supported, ['none', 'client_secret_basic', 'client_secret_post']);
    assert.deepEqual(doc.grant_types_supported, ['authorization_code', 'refresh_token', 'client_credentials']);
    for (const scope of ['openid', 'profile', 'email', 'offline_access']) assert.ok(doc.scopes_supported.includes(scope), scope);
    for (const claim of ['sub', 'email', 'name', 'auth_time', 'nonce']) assert.ok(doc.claims_supported.includes(claim), claim);
    const config = await discover(spa, oidc.None());
    assert.equal(config.serverMetadata().issuer, issuer);
  });

  it('oauth - a public client (SPA): code + PKCE through the login form, id_token, userinfo, refresh rotation, revocation', async () => {
    const config = await discover(spa, oidc.None());
    const { email, tokens, callback } = await codeFlow(config);
    assert.equal(callback.searchParams.get('iss'), issuer);

    // id_token: ES256 from the JWKS, iss, aud = client id, nonce checked by the library; email and name by scope
    const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!));
    const { payload, protectedHeader } = await jwtVerify(tokens.id_token!, jwks, { issuer, audience: spa.clientId, algorithms: ['ES256'] });
    assert.equal(protectedHeader.alg, 'ES256');
    assert.deepEqual([payload.email, payload.name], [email, 'Kim Buyer']);
    assert.ok(typeof payload.auth_time === 'number' && typeof payload.nonce === 'string' && typeof payload.exp === 'number' && typeof payload.iat === 'number');
    const claims = tokens.claims()!;
    assert.equal(claims.sub, payload.sub);

    // the access token works on the API like a login's; userinfo answers by scope
    const access = decodeJwt(tokens.access_token);
    assert.deepEqual([access.iss, access.aud, access.client_id, access.scope], [issuer, fx.ns.config.jwt.audience, spa.clientId, 'openid profile email offline_access']);
    assert.equal((await api.get('/api/v1/auth/me', tokens.access_token)).status, 200);
    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    assert.deepEqual([info.email, info.name], [email, 'Kim Buyer']);

    // refresh rotates; the rotated token coming back revokes the family
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    assert.notEqual(refreshed.refresh_token, tokens.refresh_token);
    const again = await oidc.refreshTokenGrant(config, refreshed.refresh_token!);
    await assert.rejects(oidc.refreshTokenGrant(config, tokens.refresh_token!), (err: oidc.ResponseBodyError) => err.error === 'invalid_grant');
    await assert.rejects(oidc.refreshTokenGrant(config, again.refresh_token!), (err: oidc.ResponseBodyError) => err.error === 'invalid_grant');

    // a second sign-in (the SSO cookie skips the form, see below), then RFC 7009 revocation of its refresh token
    const second = await codeFlow(config);
    await oidc.tokenRevocation(config, second.tokens.refresh_token!);
    await assert.rejects(oidc.refreshTokenGrant(config, second.tokens.refresh_token!), (err: oidc.ResponseBodyError) => err.error === 'invalid_grant');
    await eventually(async () => (await api.get('/api/v1/auth/me', second.tokens.access_token)).status === 401);
    await oidc.tokenRevocation(config, 'rt_unknown'); // RFC 7009: an unknown token is not an error
  });

  it('oauth - scopes decide the claims: without email and profile, neither id_token nor userinfo names the user; no offline_access, no refresh token', async () => {
    const config = await discover(spa, oidc.None());
    const { tokens } = await codeFlow(config, 'openid');
    assert.equal(tokens.refresh_token, undefined);
    const claims = tokens.claims()!;
    assert.deepEqual([claims.email, claims.name], [undefined, undefined]);
    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    assert.deepEqual(Object.keys(info).sort(), ['sub']);
  });

  it('oauth - the sign-in session cookie skips the form; prompt=login shows it again; prompt=none without a session is login_required', async () => {
    const config = await discover(spa, oidc.None());
    const { sso } = await codeFlow(config);
    assert.match(sso, /^gopang_sso=.+/);
    const verifier = oidc.randomPKCECodeVerifier();
    const params = { redirect_uri: REDIRECT, scope: 'openid', state: 's2', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' };
    const silent = await fetch(oidc.buildAuthorizationUrl(config, params), { redirect: 'manual', headers: { cookie: sso } });
    assert.equal(silent.status, 302);
    const callback = new URL(silent.headers.get('location')!);
    const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: 's2' });
    assert.ok(tokens.id_token);
    const forced = await fetch(oidc.buildAuthorizationUrl(config, { ...params, prompt: 'login' }), { redirect: 'manual', headers: { cookie: sso } });
    assert.equal(forced.status, 200);
    assert.match(await forced.text(), /<form method="post"/);
    const none = await fetch(oidc.buildAuthorizationUrl(config, { ...params, prompt: 'none' }), { redirect: 'manual' });
    assert.equal(new URL(none.headers.get('location')!).searchParams.get('error'), 'login_required');
  });

  it('oauth - a confidential client: client_secret_basic and _post, introspection, revocation of an access token; a wrong secret is invalid_client', async () => {
    const basic = await discover(backend, oidc.ClientSecretBasic(backend.clientSecret!));
    const { tokens } = await codeFlow(basic, 'openid email offline_access');
    const introspected = await oidc.tokenIntrospection(basic, tokens.access_token);
    assert.deepEqual([introspected.active, introspected.client_id, introspected.token_type], [true, backend.clientId, 'access_token']);
    const viaPost = await discover(backend, oidc.ClientSecretPost(backend.clientSecret!));
    const refresh = await oidc.tokenIntrospection(viaPost, tokens.refresh_token!);
    assert.deepEqual([refresh.active, refresh.token_type, refresh.scope], [true, 'refresh_token', 'openid email offline_access']);

    await oidc.tokenRevocation(basic, tokens.access_token); // an access token ends its whole session
    assert.equal((await oidc.tokenIntrospection(basic, tokens.access_token)).active, false);
    assert.equal((await oidc.tokenIntrospection(basic, tokens.refresh_token!)).active, false);
    await eventually(async () => (await api.get('/api/v1/auth/me', tokens.access_token)).status === 401);

    // RFC 6749 §5.2: a 401 to Basic credentials comes with a Basic challenge, in the body otherwise
    const wrongBasic = await discover(backend, oidc.ClientSecretBasic('cs_wrong'));
    await assert.rejects(oidc.tokenIntrospection(wrongBasic, tokens.access_token), (err: oidc.WWWAuthenticateChallengeError) =>
      err.status === 401 && err.cause[0]?.scheme === 'basic');
    const wrongPost = await discover(backend, oidc.ClientSecretPost('cs_wrong'));
    await assert.rejects(oidc.refreshTokenGrant(wrongPost, 'rt_any'), (err: oidc.ResponseBodyError) => err.error === 'invalid_client' && err.status === 401);
    // introspection is for confidential clients only
    const publicClient = await discover(spa, oidc.None());
    await assert.rejects(oidc.tokenIntrospection(publicClient, tokens.access_token), (err: oidc.ResponseBodyError) => err.error === 'invalid_client');
  });

  it('oauth - admins register, list and delete clients (RBAC); a deleted client\'s sessions end', async () => {
    const admin = await fx.token(1, 'admin');
    const buyer = await fx.token(2, 'buyer');
    const auth = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
    const body = JSON.stringify({ name: 'Mobile', type: 'public', redirectUris: ['com.gopang.app:/oauth'], scopes: ['openid', 'offline_access'] });
    assert.equal((await fx.http.send('POST', '/api/v1/admin/oauth-clients', { headers: auth(buyer), body })).status, 403);
    assert.equal((await fx.http.send('GET', '/api/v1/admin/oauth-clients', { headers: auth(buyer) })).status, 403);
    const created = await fx.http.send('POST', '/api/v1/admin/oauth-clients', { headers: auth(admin), body });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json().clientSecret, undefined, 'a public client has no secret');
    const bad = JSON.stringify({ name: 'x', type: 'public', redirectUris: ['http://evil.example/cb'], scopes: ['openid'] });
    assert.equal((await fx.http.send('POST', '/api/v1/admin/oauth-clients', { headers: auth(admin), body: bad })).status, 400);
    const withPermission = JSON.stringify({ name: 'x', type: 'public', redirectUris: [REDIRECT], scopes: ['sale:create'] });
    assert.equal((await fx.http.send('POST', '/api/v1/admin/oauth-clients', { headers: auth(admin), body: withPermission })).status, 400);
    const listed = (await fx.http.send('GET', '/api/v1/admin/oauth-clients', { headers: auth(admin) })).json().clients;
    assert.ok(listed.some((c: { clientId: string; clientSecret?: string }) => c.clientId === backend.clientId && c.clientSecret === undefined));
    // one client per page: the walk ends with next null and sees every client once (the one pagination style)
    const walked: string[] = [];
    for (let cursor = ''; ;) {
      const page = (await fx.http.send('GET', `/api/v1/admin/oauth-clients?limit=1${cursor ? `&cursor=${cursor}` : ''}`, { headers: auth(admin) })).json();
      walked.push(...page.items.map((c: { clientId: string }) => c.clientId));
      if (page.next === null) break;
      cursor = page.next;
    }
    assert.deepEqual(walked, listed.map((c: { clientId: string }) => c.clientId).sort());
    assert.equal((await fx.http.send('GET', '/api/v1/admin/oauth-clients?cursor=nonsense!', { headers: auth(admin) })).status, 400);

    const doomed = await registerOAuthClient(fx, { name: 'Doomed', type: 'public', redirectUris: [REDIRECT], scopes: ['openid', 'offline_access'] });
    const config = await discover(doomed, oidc.None());
    const { tokens } = await codeFlow(config, 'openid offline_access');
    const deleted = await fx.http.send('DELETE', `/api/v1/admin/oauth-clients/${doomed.clientId}`, { headers: auth(admin) });
    assert.equal(deleted.status, 200, deleted.text);
    assert.equal((await fx.http.send('DELETE', `/api/v1/admin/oauth-clients/${doomed.clientId}`, { headers: auth(admin) })).status, 404);
    await assert.rejects(oidc.refreshTokenGrant(config, tokens.refresh_token!), (err: oidc.ResponseBodyError) => err.error === 'invalid_client');
    await eventually(async () => (await api.get('/api/v1/auth/me', tokens.access_token)).status === 401);
  });
});
