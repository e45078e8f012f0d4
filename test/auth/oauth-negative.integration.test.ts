// What the OAuth provider refuses, through its public endpoints: missing or `plain` PKCE, a wrong
// verifier, redirect URI mismatches (a page, never an open redirect), code replay (revokes what the
// first use issued), expired codes, wrong client secrets, a login form without its CSRF token.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AuthApi, errorCode, STRONG_PASSWORD, uniqueEmail } from '../support/auth-api.js';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';
import { openLoginPage, postLoginForm, registerOAuthClient, signInThroughForm, type RegisteredClient } from '../support/oauth-flow.js';

const REDIRECT = 'http://127.0.0.1:9/cb';

describe('oauth provider refusals (integration)', () => {
  let fx: FlashSaleFixture;
  let api: AuthApi;
  let base: string;
  let spa: RegisteredClient;
  let backend: RegisteredClient;

  const pkce = () => {
    const verifier = randomBytes(32).toString('base64url');
    return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
  };
  const authorizeUrl = (params: Record<string, string>) => {
    const url = new URL('/oauth/authorize', base);
    for (const [k, v] of Object.entries({ response_type: 'code', client_id: spa.clientId, redirect_uri: REDIRECT, scope: 'openid offline_access', state: 'st', ...params })) {
      url.searchParams.set(k, v);
    }
    return url;
  };
  const token = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(new URL('/oauth/token', base), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields) })
      .then(async (res) => ({ status: res.status, body: await res.json() as Record<string, string> }));
  const redirectError = async (url: URL) => {
    const res = await fetch(url, { redirect: 'manual' });
    assert.equal(res.status, 302);
    const location = new URL(res.headers.get('location')!);
    assert.equal(location.origin + location.pathname, REDIRECT);
    return { error: location.searchParams.get('error'), state: location.searchParams.get('state'), iss: location.searchParams.get('iss') };
  };

  /** A fresh user's code for the SPA client, with its verifier. */
  async function code(client = spa) {
    const email = uniqueEmail('neg');
    assert.equal((await api.registerBuyer(email)).status, 201);
    const { verifier, challenge } = pkce();
    const answer = await signInThroughForm(base, authorizeUrl({ client_id: client.clientId, code_challenge: challenge, code_challenge_method: 'S256' }), email, STRONG_PASSWORD);
    assert.equal(answer.status, 302, answer.html);
    return { code: new URL(answer.location!).searchParams.get('code')!, verifier, email };
  }
  const exchange = (c: { code: string; verifier: string }, extra: Record<string, string> = {}) =>
    token({ grant_type: 'authorization_code', code: c.code, code_verifier: c.verifier, redirect_uri: REDIRECT, client_id: spa.clientId, ...extra });

  before(async () => {
    fx = await FlashSaleFixture.start(['auth', 'edge']);
    api = new AuthApi(fx.http);
    base = fx.ns.config.publicUrl;
    spa = await registerOAuthClient(fx, { name: 'SPA', type: 'public', redirectUris: [REDIRECT], scopes: ['openid', 'offline_access'] });
    backend = await registerOAuthClient(fx, { name: 'Backend', type: 'confidential', redirectUris: [REDIRECT], scopes: ['openid'] });
  });
  after(() => fx?.close());

  it('oauth - PKCE is required for every client and only S256: missing or plain go back as invalid_request', async () => {
    const { challenge } = pkce();
    for (const client of [spa, backend]) {
      const missing = await redirectError(authorizeUrl({ client_id: client.clientId }));
      assert.deepEqual(missing, { error: 'invalid_request', state: 'st', iss: base });
    }
    assert.equal((await redirectError(authorizeUrl({ code_challenge: challenge, code_challenge_method: 'plain' }))).error, 'invalid_request');
    assert.equal((await redirectError(authorizeUrl({ code_challenge: challenge }))).error, 'invalid_request', 'no method means plain');
    assert.equal((await redirectError(authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256', response_type: 'token' }))).error, 'unsupported_response_type');
    assert.equal((await redirectError(authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256', scope: 'openid email' }))).error, 'invalid_scope');
    const repeated = authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256' });
    repeated.searchParams.append('scope', 'openid');
    assert.equal((await redirectError(repeated)).error, 'invalid_request');
  });

  it('oauth - an unknown client or redirect URI is a 400 page, never a redirect', async () => {
    const { challenge } = pkce();
    for (const params of [{ client_id: 'oc_nobody' } as Record<string, string>, { redirect_uri: 'https://evil.example/cb' }, { redirect_uri: `${REDIRECT}/../evil` }, { redirect_uri: `${REDIRECT}?x=1` }, { redirect_uri: '' }]) {
      const res = await fetch(authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256', ...params }), { redirect: 'manual' });
      assert.equal(res.status, 400, JSON.stringify(params));
      assert.equal(res.headers.get('location'), null);
      assert.match(res.headers.get('content-type')!, /^text\/html/);
      assert.equal(res.headers.get('x-frame-options'), 'DENY');
    }
  });

  it('oauth - a wrong code_verifier is invalid_grant and burns the code; a token-time redirect_uri mismatch too', async () => {
    const first = await code();
    const wrong = await exchange({ ...first, verifier: pkce().verifier });
    assert.deepEqual([wrong.status, wrong.body.error], [400, 'invalid_grant']);
    assert.equal((await exchange(first)).body.error, 'invalid_grant', 'a code seen with a wrong verifier is burnt');
    const missing = await code();
    assert.equal((await token({ grant_type: 'authorization_code', code: missing.code, redirect_uri: REDIRECT, client_id: spa.clientId })).body.error, 'invalid_grant');
    const second = await code();
    assert.equal((await exchange(second, { redirect_uri: 'http://127.0.0.1:9/other' })).body.error, 'invalid_grant');
  });

  it('oauth - a replayed code is invalid_grant and revokes the tokens of its first use', async () => {
    const c = await code();
    const first = await exchange(c);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal((await api.get('/api/v1/auth/me', first.body.access_token)).status, 200);
    const replay = await exchange(c);
    assert.deepEqual([replay.status, replay.body.error], [400, 'invalid_grant']);
    const refresh = await token({ grant_type: 'refresh_token', refresh_token: first.body.refresh_token!, client_id: spa.clientId });
    assert.equal(refresh.body.error, 'invalid_grant');
    const deadline = Date.now() + 10_000;
    while ((await api.get('/api/v1/auth/me', first.body.access_token)).status !== 401) {
      assert.ok(Date.now() < deadline, 'the first access token is still accepted');
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  it('oauth - two exchanges of one code at the same time: exactly one gets tokens', async () => {
    const c = await code();
    const answers = await Promise.all(Array.from({ length: 8 }, () => exchange(c)));
    assert.equal(answers.filter((a) => a.status === 200).length, 1);
    assert.ok(answers.filter((a) => a.status !== 200).every((a) => a.body.error === 'invalid_grant'));
  });

  it('oauth - an expired code is invalid_grant', async () => {
    const c = await code();
    await fx.db.query("UPDATE oauth_codes SET expires_at = now() - interval '1 second' WHERE used_at IS NULL");
    assert.equal((await exchange(c)).body.error, 'invalid_grant');
  });

  it('oauth - client authentication: wrong secret, a secret for a public client, a confidential client without one, two methods at once', async () => {
    const c = await code();
    const basic = (id: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });
    const wrong = await exchange(c, { client_id: backend.clientId, client_secret: 'cs_wrong' });
    assert.deepEqual([wrong.status, wrong.body.error], [401, 'invalid_client']);
    const wrongBasic = await token({ grant_type: 'refresh_token', refresh_token: 'rt_x' }, basic(backend.clientId, 'cs_wrong'));
    assert.deepEqual([wrongBasic.status, wrongBasic.body.error], [401, 'invalid_client']);
    assert.equal((await exchange(c, { client_secret: 'cs_anything' })).body.error, 'invalid_client');
    assert.equal((await token({ grant_type: 'refresh_token', refresh_token: 'rt_x', client_id: backend.clientId })).body.error, 'invalid_client');
    const both = await token({ grant_type: 'refresh_token', refresh_token: 'rt_x', client_secret: backend.clientSecret! }, basic(backend.clientId, backend.clientSecret!));
    assert.equal(both.body.error, 'invalid_request');
    // the code was never exchanged: another client cannot take it either
    assert.equal((await exchange(c, { client_id: backend.clientId, client_secret: backend.clientSecret! })).body.error, 'invalid_grant');
    assert.equal((await exchange(c)).status, 200);
  });

  it('oauth - the login form refuses a missing or foreign CSRF token, and shows itself again after a wrong password', async () => {
    const email = uniqueEmail('csrf');
    assert.equal((await api.registerBuyer(email)).status, 201);
    const { challenge } = pkce();
    const url = authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256' });
    const page = await openLoginPage(url);
    assert.equal(page.status, 200);
    assert.match(page.html, /<form method="post"/);
    assert.match(page.html, /name="email"/);
    assert.match(page.html, /name="password"/);
    const cookie = page.cookies.gopang_csrf!;
    const { csrf_token: csrf, request_id: requestId } = page.hidden;

    const noToken = await postLoginForm(base, { request_id: requestId!, email, password: STRONG_PASSWORD }, cookie);
    assert.equal(noToken.status, 403);
    assert.equal(noToken.location, null);
    assert.equal((await postLoginForm(base, { request_id: requestId!, csrf_token: csrf!, email, password: STRONG_PASSWORD })).status, 403, 'no cookie');
    const other = await openLoginPage(url);
    assert.equal((await postLoginForm(base, { request_id: requestId!, csrf_token: other.hidden.csrf_token!, email, password: STRONG_PASSWORD }, other.cookies.gopang_csrf)).status, 403, 'another form\'s token');

    const wrongPassword = await postLoginForm(base, { request_id: requestId!, csrf_token: csrf!, email, password: 'Wrong-Horse-9' }, cookie);
    assert.equal(wrongPassword.status, 401);
    assert.match(wrongPassword.html, /email or password is wrong/);
    const ok = await postLoginForm(base, { request_id: requestId!, csrf_token: csrf!, email, password: STRONG_PASSWORD }, cookie);
    assert.equal(ok.status, 302);
    assert.ok(new URL(ok.location!).searchParams.get('code'));
    const reposted = await postLoginForm(base, { request_id: requestId!, csrf_token: csrf!, email, password: STRONG_PASSWORD }, cookie);
    assert.equal(reposted.status, 400, 'a sign-in request is single use');
  });

  it('oauth - refresh tokens stay with their client and API: the login API refuses an OAuth one and the reverse; an id_token is no access token', async () => {
    const c = await code();
    const tokens = (await exchange(c)).body;
    assert.equal(errorCode(await api.refresh(tokens.refresh_token!)), 'INVALID_REFRESH_TOKEN');
    const login = await api.signedInBuyer();
    assert.equal((await token({ grant_type: 'refresh_token', refresh_token: login.refreshToken, client_id: spa.clientId })).body.error, 'invalid_grant');
    assert.equal((await api.refresh(login.refreshToken)).status, 200, 'the refused attempt did not touch the login session');
    assert.equal((await api.get('/api/v1/auth/me', tokens.id_token)).status, 401);
    assert.equal((await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: spa.clientId })).status, 200);
  });
});
