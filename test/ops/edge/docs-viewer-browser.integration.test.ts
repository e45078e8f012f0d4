// /api/v1/docs in a real browser (headless Chromium over the DevTools protocol): Swagger UI renders every
// operation of this edge's document from files of this origin alone, and the page's Content Security
// Policy blocks nothing it needs. Skipped without a Chromium. DOCS_SCREENSHOT=<file.png> saves the page.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { FlashSaleFixture } from '../../support/flash-sale-fixture.js';
import { findChromium, HeadlessPage } from '../../support/headless-chromium.js';
import { waitFor } from '../../support/eventually.js';

const chromium = findChromium();

describe('docs viewer in a browser (integration)', { skip: chromium === undefined ? 'no Chromium (set CHROMIUM_PATH)' : false }, () => {
  let fx: FlashSaleFixture;
  let page: HeadlessPage;

  before(async () => {
    fx = await FlashSaleFixture.start(['edge']);
    page = await HeadlessPage.launch(chromium!);
    await page.send('Page.enable');
    await page.send('Page.addScriptToEvaluateOnNewDocument', {
      source: "window.__blocked = []; document.addEventListener('securitypolicyviolation', (e) => window.__blocked.push(e.violatedDirective + ' ' + e.blockedURI));",
    });
  });
  after(async () => {
    await page?.close();
    await fx?.close();
  });

  it('docs - Swagger UI shows every operation, loading nothing the CSP refuses', async () => {
    const operations = Object.values((await fx.http.send('GET', '/api/v1/openapi.json')).json().paths as Record<string, object>)
      .reduce((n: number, ops) => n + Object.keys(ops).length, 0);
    const loaded = page.waitFor('Page.loadEventFired');
    await page.send('Page.navigate', { url: `${fx.http.baseUrl}/api/v1/docs` });
    await loaded;
    let shown = 0;
    await waitFor(async () => (shown = await page.evaluate<number>('document.querySelectorAll(".opblock").length')) === operations, {
      timeoutMs: 30_000,
      message: () => `${operations} operations shown (${shown} are)`,
    });
    if (process.env.DOCS_SCREENSHOT) {
      const { data } = await page.send<{ data: string }>('Page.captureScreenshot', { format: 'png' });
      await writeFile(process.env.DOCS_SCREENSHOT, Buffer.from(data, 'base64'));
    }
    assert.deepEqual(await page.evaluate<string[]>('window.__blocked'), [], 'CSP violations');
    assert.equal(await page.evaluate<string>('document.querySelector(".info .title")?.textContent ?? ""').then((t) => t.startsWith('Gopang engine API')), true);
  });
});
