// /api/v1/docs: the viewer page and every file it loads come from the edge itself (no CDN), static and
// cached (strong ETag, 304 on If-None-Match), nosniff; the page may run only this origin's scripts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FlashSaleFixture } from '../../support/flash-sale-fixture.js';

describe('docs viewer (integration)', () => {
  let fx: FlashSaleFixture;
  before(async () => {
    fx = await FlashSaleFixture.start(['edge']);
  });
  after(async () => {
    await fx?.close();
  });

  it('docs - the page is HTML of this origin only, cached, nosniff, under a CSP', async () => {
    const page = await fx.http.send('GET', '/api/v1/docs');
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    assert.match(String(page.headers['cache-control']), /^public, max-age=\d+$/);
    assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
    assert.doesNotMatch(page.text, /(src|href)="(https?:)?\/\//, 'nothing from another origin');
    const again = await fx.http.send('GET', '/api/v1/docs', { headers: { 'if-none-match': String(page.headers.etag) } });
    assert.equal(again.status, 304);
  });

  it('docs - every file the page loads is served with its type, a strong ETag and nosniff', async () => {
    const page = await fx.http.send('GET', '/api/v1/docs');
    const files = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(files.sort(), ['/api/v1/docs/docs.js', '/api/v1/docs/favicon-32x32.png', '/api/v1/docs/swagger-ui-bundle.js', '/api/v1/docs/swagger-ui.css']);
    const types: Record<string, RegExp> = { js: /^text\/javascript/, css: /^text\/css/, png: /^image\/png$/ };
    for (const file of files) {
      const answer = await fx.http.send('GET', file);
      assert.equal(answer.status, 200, file);
      assert.match(String(answer.headers['content-type']), types[file.split('.').pop()!], file);
      assert.equal(answer.headers['x-content-type-options'], 'nosniff', file);
      assert.match(String(answer.headers.etag), /^"[\w-]+"$/, file);
      assert.equal((await fx.http.send('GET', file, { headers: { 'if-none-match': String(answer.headers.etag) } })).status, 304, file);
    }
    const init = await fx.http.send('GET', '/api/v1/docs/docs.js');
    assert.match(init.text, /url: '\/api\/v1\/openapi\.json'/, 'the viewer reads this edge\'s document');
    assert.match((await fx.http.send('GET', '/api/v1/docs/swagger-ui-bundle.js')).text, /SwaggerUIBundle/);
  });

  it('docs - an unknown file is a JSON 404', async () => {
    const answer = await fx.http.send('GET', '/api/v1/docs/..%2Fpackage.json');
    assert.equal(answer.status, 404);
    assert.equal(answer.json().error.code, 'NOT_FOUND');
  });
});
