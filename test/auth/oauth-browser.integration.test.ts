// The login page in a real browser (headless Chromium over the DevTools protocol): the client sends
// the browser to /oauth/authorize, the user types email and password into the plain HTML form and
// submits it, the browser follows the 302 to the client's redirect URI with a code, and that code buys
// tokens. Skipped without a Chromium. OAUTH_SCREENSHOT=<file.png> saves the page (docs/auth-login.png).
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { AuthApi, STRONG_PASSWORD, uniqueEmail } from '../support/auth-api.js';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';
import { findChromium, HeadlessPage } from '../support/headless-chromium.js';
import { registerOAuthClient, type RegisteredClient } from '../support/oauth-flow.js';

const chromium = findChromium();
const REDIRECT = 'http://127.0.0.1:9/callback';

describe('oauth login page in a browser (integration)', { skip: chromium === undefined ? 'no Chromium (set CHROMIUM_PATH)' : false }, () => {
  let fx: FlashSaleFixture;
  let page: HeadlessPage;
  let client: RegisteredClient;

  before(async () => {
    fx = await FlashSaleFixture.start(['auth', 'edge']);
    client = await registerOAuthClient(fx, { name: 'Gopang Seller Centre', type: 'public', redirectUris: [REDIRECT], scopes: ['openid', 'profile', 'email'] });
    page = await HeadlessPage.launch(chromium!);
    await page.send('Page.enable');
    // the redirect URI is the client's: the browser's request to it is caught and answered here
    await page.send('Fetch.enable', { patterns: [{ urlPattern: `${REDIRECT}*` }] });
  });
  after(async () => {
    await page?.close();
    await fx?.close();
  });

  it('oauth - a person signs in through the form in Chromium and the client gets a working code', async () => {
    const email = uniqueEmail('browser');
    assert.equal((await new AuthApi(fx.http).registerBuyer(email)).status, 201);
    const verifier = randomBytes(32).toString('base64url');
    const url = new URL('/oauth/authorize', fx.ns.config.publicUrl);
    url.search = new URLSearchParams({
      response_type: 'code', client_id: client.clientId, redirect_uri: REDIRECT, scope: 'openid profile email', state: 'browser-state',
      nonce: 'n-1', code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
    }).toString();

    const loaded = page.waitFor('Page.loadEventFired');
    await page.send('Page.navigate', { url: url.href });
    await loaded;
    assert.equal(await page.evaluate('document.querySelectorAll("form[method=post] input[name=email], form[method=post] input[name=password]").length'), 2);
    await page.evaluate(`document.querySelector('input[name=email]').value = ${JSON.stringify(email)}`);
    if (process.env.OAUTH_SCREENSHOT) {
      const { data } = await page.send<{ data: string }>('Page.captureScreenshot', { format: 'png' });
      await writeFile(process.env.OAUTH_SCREENSHOT, Buffer.from(data, 'base64'));
    }

    const callback = page.waitFor('Fetch.requestPaused');
    await page.evaluate(`document.querySelector('input[name=password]').value = ${JSON.stringify(STRONG_PASSWORD)}; document.querySelector('form').submit()`);
    const paused = await callback;
    const request = paused.request as { url: string };
    await page.send('Fetch.fulfillRequest', { requestId: paused.requestId, responseCode: 200, body: Buffer.from('signed in').toString('base64') });
    const back = new URL(request.url);
    assert.equal(back.searchParams.get('state'), 'browser-state');
    assert.equal(back.searchParams.get('iss'), fx.ns.config.publicUrl);

    const tokens = await fetch(new URL('/oauth/token', fx.ns.config.publicUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: back.searchParams.get('code')!, code_verifier: verifier, redirect_uri: REDIRECT, client_id: client.clientId }),
    });
    assert.equal(tokens.status, 200);
    const body = await tokens.json() as { id_token?: string };
    assert.ok(body.id_token);

    // the browser now holds the sign-in session: the next authorization skips the form
    const again = page.waitFor('Fetch.requestPaused');
    const navigated = page.send('Page.navigate', { url: url.href }); // answers once the paused redirect is fulfilled
    const silent = await again;
    await page.send('Fetch.fulfillRequest', { requestId: silent.requestId, responseCode: 200, body: '' });
    await navigated;
    assert.ok(new URL((silent.request as { url: string }).url).searchParams.get('code'));
  });
});
