// Hostile finding 14 (issue #15): what the API port gives away. `/metrics` was public there (route names,
// request counts, sale outcomes, process figures to anyone); it is now served only on the edge's own
// metrics port (METRICS_PORT_BASE + 100 + EDGE_INDEX, issue #19), not even to an admin on the API port. The OpenID configuration is cached
// by clients and proxies for 300 s, so a forged Host (or X-Forwarded-*) must never reach its URLs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { errorCode } from '../support/auth-api.js';
import { freePort } from '../support/engine-processes.js';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';
import { bearer, HttpClient } from '../support/http-client.js';

describe('hostile - endpoints exposed on the API port (integration)', () => {
  let fx: FlashSaleFixture;
  let metricsPort: HttpClient;

  before(async () => {
    const base = await freePort();
    fx = await FlashSaleFixture.start(['edge'], { METRICS_PORT_BASE: String(base), EDGE_INDEX: '0' });
    metricsPort = new HttpClient(`http://127.0.0.1:${base + 100}`);
  });
  after(async () => {
    metricsPort?.close();
    await fx?.close();
  });

  it('hostile - /metrics is not on the API port, not even for an admin; the metrics port serves the scrape', async () => {
    for (const headers of [{}, bearer(await fx.token(7, 'buyer')), bearer(await fx.token(1, 'admin'))]) {
      const answer = await fx.http.send('GET', '/metrics', { headers });
      assert.equal(answer.status, 404, answer.text.slice(0, 200));
      assert.equal(errorCode(answer), 'NOT_FOUND');
      assert.doesNotMatch(answer.text, /gopang_/);
    }
    await fx.http.send('GET', '/healthz');
    const scrape = await metricsPort.send('GET', '/metrics');
    assert.equal(scrape.status, 200);
    assert.match(scrape.text, /^gopang_http_requests_total\{route="healthz",status="200"\} 1$/m, 'the same process, scraped on its own port');
  });

  it('hostile - the OpenID configuration names PUBLIC_URL whatever Host or X-Forwarded-* say', async () => {
    const issuer = fx.ns.config.publicUrl;
    const forged = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', forwarded: 'host=evil.example;proto=https' };
    const answer = await fx.http.send('GET', '/.well-known/openid-configuration', { headers: forged });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['cache-control'], 'public, max-age=300');
    const doc = answer.json() as Record<string, unknown>;
    assert.equal(doc.issuer, issuer);
    const urls = Object.entries(doc).filter(([, value]) => typeof value === 'string' && /^https?:/.test(value));
    assert.ok(urls.length >= 6, 'issuer and endpoints');
    for (const [field, url] of urls) assert.ok((url as string).startsWith(issuer), `${field}: ${url}`);
    assert.doesNotMatch(answer.text, /evil/);
    const jwks = await fx.http.send('GET', '/.well-known/jwks.json', { headers: forged });
    assert.equal(jwks.status, 200);
    assert.doesNotMatch(jwks.text, /evil/);
  });
});
