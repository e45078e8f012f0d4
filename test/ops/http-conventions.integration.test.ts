// HTTP conventions of the edge (docs/http.md): X-Request-Id in and out (and in error bodies and request
// logs), CORS by allow-list, Retry-After on 429 and 503, RateLimit-* headers, the client address behind a
// trusted proxy (IPv6 by /64), and /metrics only on the metrics port.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../support/engine-processes.js';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';
import { bearer, HttpClient, type HttpAnswer } from '../support/http-client.js';

const ORIGIN = 'https://shop.example';
const IP_LIMIT = 5;
const USER_LIMIT = 3;
const ATTEMPT_LIMIT = 2;
const GENERATED_ID = /^[0-9a-f]{8}-[0-9a-z]+$/;

/** Waits for the start of a second, so a burst falls in one window of the per-second limits. */
async function startOfSecond(): Promise<void> {
  await new Promise((r) => setTimeout(r, 1_000 - (Date.now() % 1_000) + 20));
}

describe('http conventions (integration)', () => {
  let fx: FlashSaleFixture;
  let metricsPort: HttpClient;
  let otherPeer: HttpClient;
  let nextClient = 10;
  /** a client address of its own behind the trusted proxy (this test's loopback connections) */
  const client = () => `203.0.113.${nextClient++}`;
  const get = (path: string, headers: Record<string, string> = {}) => fx.http.send('GET', path, { headers });

  before(async () => {
    const base = await freePort();
    fx = await FlashSaleFixture.start(['edge', 'worker'], {
      METRICS_PORT_BASE: String(base),
      CORS_ORIGINS: `${ORIGIN}, http://localhost:3000`,
      TRUSTED_PROXIES: '127.0.0.1',
      IP_RATE_LIMIT_PER_SEC: String(IP_LIMIT),
      USER_RATE_LIMIT_PER_SEC: String(USER_LIMIT),
      ATTEMPT_RATE_LIMIT_PER_USER_PER_SEC: String(ATTEMPT_LIMIT),
      REQUEST_LOG_LEVEL: 'info',
    });
    metricsPort = new HttpClient(`http://127.0.0.1:${base + 100}`);
    otherPeer = new HttpClient(fx.http.baseUrl, 4, '127.0.0.2'); // a peer that is not a trusted proxy
  });
  after(async () => {
    metricsPort?.close();
    otherPeer?.close();
    await fx?.close();
  });

  it('http - X-Request-Id is echoed when safe, generated otherwise, and carried by error bodies and the request log', async () => {
    const kept = await get('/healthz', { 'x-request-id': 'trace-abc.123', 'x-forwarded-for': client() });
    assert.equal(kept.headers['x-request-id'], 'trace-abc.123');
    const generated = await get('/healthz', { 'x-forwarded-for': client() });
    assert.match(String(generated.headers['x-request-id']), GENERATED_ID);
    for (const unsafe of ['has space', 'quote"d', 'x'.repeat(129)]) {
      const answer = await get('/healthz', { 'x-request-id': unsafe, 'x-forwarded-for': client() });
      assert.match(String(answer.headers['x-request-id']), GENERATED_ID, unsafe);
    }
    const missing = await get('/api/v1/no-such-route', { 'x-request-id': 'req-404', 'x-forwarded-for': client() });
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json(), { error: { code: 'NOT_FOUND', message: 'no such route', requestId: 'req-404' } });
    assert.equal(missing.headers['x-request-id'], 'req-404');

    // the raw uWS hot path: an error, an admission and a refusal
    const saleId = await fx.createSale({ stock: 1, perUserLimit: 1 });
    const anonymous = await fx.http.send('POST', `/api/v1/sales/${saleId}/attempts`, {
      headers: { 'x-request-id': 'hot-401', 'idempotency-key': 'k', 'content-type': 'application/json', 'x-forwarded-for': client() },
      body: '{"quantity":1}',
    });
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.headers['x-request-id'], 'hot-401');
    assert.equal(anonymous.json().error.requestId, 'hot-401');
    const attempt = async (userId: number, id: string) =>
      fx.http.send('POST', `/api/v1/sales/${saleId}/attempts`, {
        headers: { ...bearer(await fx.token(userId, 'buyer')), 'x-request-id': id, 'idempotency-key': `rid-${userId}`, 'content-type': 'application/json', 'x-forwarded-for': client() },
        body: '{"quantity":1}',
      });
    const admitted = await attempt(501, 'hot-202');
    assert.equal(admitted.status, 202, admitted.text);
    assert.equal(admitted.headers['x-request-id'], 'hot-202');
    const soldOut = await attempt(502, 'hot-409');
    assert.equal(soldOut.status, 409);
    assert.deepEqual(soldOut.json(), { error: { code: 'SOLD_OUT', message: 'the sale is sold out', requestId: 'hot-409' } });
    const generatedRefusal = await attempt(503, '');
    assert.equal(generatedRefusal.json().error.requestId, generatedRefusal.headers['x-request-id']);

    const log = fx.roles.get('edge')!.output();
    for (const id of ['trace-abc.123', 'req-404', 'hot-401', 'hot-202', 'hot-409']) assert.ok(log.includes(`"requestId":"${id}"`), `request log line of ${id}`);
  });

  it('http - CORS: an allowed origin gets its preflight answered 204 and its headers exposed; any other origin gets no CORS header', async () => {
    const preflight = (origin: string) =>
      fx.http.send('OPTIONS', '/api/v1/orders', {
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, idempotency-key, x-request-id', 'x-forwarded-for': client() },
      });
    const allowed = await preflight(ORIGIN);
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers['access-control-allow-origin'], ORIGIN);
    assert.equal(allowed.headers.vary, 'Origin');
    assert.match(String(allowed.headers['access-control-allow-methods']), /\bPOST\b.*\bDELETE\b/);
    for (const header of ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id']) {
      assert.ok(String(allowed.headers['access-control-allow-headers']).split(', ').includes(header), header);
    }
    assert.ok(allowed.headers['x-request-id'], 'a preflight has its request id too');

    const denied = await preflight('https://evil.example');
    assert.deepEqual(Object.keys(denied.headers).filter((h) => h.startsWith('access-control-')), []);

    const simple = await get('/healthz', { origin: 'http://localhost:3000', 'x-forwarded-for': client() });
    assert.equal(simple.headers['access-control-allow-origin'], 'http://localhost:3000');
    assert.equal(simple.headers.vary, 'Origin');
    const exposed = String(simple.headers['access-control-expose-headers']).split(', ');
    for (const header of ['X-Request-Id', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset']) assert.ok(exposed.includes(header), header);
    const other = await get('/healthz', { origin: 'https://evil.example', 'x-forwarded-for': client() });
    assert.equal(other.status, 200);
    assert.deepEqual(Object.keys(other.headers).filter((h) => h.startsWith('access-control-')), []);

    const hot = await fx.http.send('POST', '/api/v1/sales/1/attempts', { headers: { origin: ORIGIN, 'x-forwarded-for': client() }, body: '{}' });
    assert.equal(hot.headers['access-control-allow-origin'], ORIGIN, 'the raw uWS hot path too');
    assert.equal(hot.headers.vary, 'Origin');
  });

  it('http - RateLimit headers name the tighter limit; the request past it is a 429 with Retry-After', async () => {
    const address = client();
    await startOfSecond();
    const burst = await Promise.all(Array.from({ length: IP_LIMIT + 2 }, () => get('/healthz', { 'x-forwarded-for': address })));
    assert.deepEqual(burst.map((a) => a.status).sort(), [...Array(IP_LIMIT).fill(200), 429, 429]);
    const remaining = burst.filter((a) => a.status === 200).map((a) => Number(a.headers['ratelimit-remaining'])).sort();
    assert.deepEqual(remaining, Array.from({ length: IP_LIMIT }, (_, i) => i));
    for (const answer of burst) {
      assert.equal(answer.headers['ratelimit-limit'], String(IP_LIMIT));
      assert.equal(answer.headers['ratelimit-reset'], '1');
      assert.equal(answer.headers['ratelimit-policy'], `${IP_LIMIT};w=1`);
    }
    const refused = burst.filter((a) => a.status === 429);
    for (const answer of refused) {
      assert.equal(answer.headers['retry-after'], '1');
      assert.equal(answer.headers['ratelimit-remaining'], '0');
      assert.equal(answer.json().error.code, 'RATE_LIMITED');
      assert.equal(answer.json().error.requestId, answer.headers['x-request-id']);
    }

    // a signed-in user's limit (3) is tighter than the address's (5)
    await startOfSecond();
    const token = await fx.token(601, 'buyer');
    const user = await fx.http.send('GET', '/api/v1/tickets/none', { headers: { ...bearer(token), 'x-forwarded-for': client() } });
    assert.equal(user.headers['ratelimit-limit'], String(USER_LIMIT));
    assert.equal(user.headers['ratelimit-remaining'], String(USER_LIMIT - 1));

    // the hot path: the per-user attempt limit (2) is the tighter one
    await startOfSecond();
    const saleId = await fx.createSale({ stock: 10, perUserLimit: 5 });
    const attempts: HttpAnswer[] = await Promise.all(Array.from({ length: ATTEMPT_LIMIT + 1 }, (_, i) =>
      fx.http.send('POST', `/api/v1/sales/${saleId}/attempts`, {
        headers: { ...bearer(token), 'idempotency-key': `rl-${i}`, 'content-type': 'application/json', 'x-forwarded-for': client() },
        body: '{"quantity":1}',
      })));
    assert.deepEqual(attempts.map((a) => a.status).sort(), [202, 202, 429]);
    assert.ok(attempts.every((a) => a.headers['ratelimit-limit'] === String(ATTEMPT_LIMIT)));
    const hot429 = attempts.find((a) => a.status === 429)!;
    assert.equal(hot429.headers['retry-after'], '1');
    assert.equal(hot429.headers['ratelimit-remaining'], '0');
  });

  it('http - a 503 carries Retry-After (the auth role is down)', async () => {
    const answer = await fx.http.send('POST', '/api/v1/auth/login', {
      headers: { 'content-type': 'application/json', 'x-forwarded-for': client(), 'x-request-id': 'login-503' },
      body: JSON.stringify({ email: 'someone@example.com', password: 'correct horse battery' }),
    });
    assert.equal(answer.status, 503, answer.text);
    assert.equal(answer.json().error.code, 'AUTH_UNAVAILABLE');
    assert.equal(answer.json().error.requestId, 'login-503');
    assert.ok(Number(answer.headers['retry-after']) >= 1, `Retry-After ${answer.headers['retry-after']}`);
  });

  it('http - X-Forwarded-For names the client only through a trusted peer, from its rightmost untrusted hop; IPv6 counts by /64', async () => {
    await startOfSecond();
    const left = async (http: HttpClient, forwardedFor: string) =>
      Number((await http.send('GET', '/healthz', { headers: { 'x-forwarded-for': forwardedFor } })).headers['ratelimit-remaining']);
    assert.equal(await left(fx.http, '198.51.100.1, 203.0.113.200'), IP_LIMIT - 1);
    assert.equal(await left(fx.http, '198.51.100.2, 203.0.113.200'), IP_LIMIT - 2, 'spoofed left hops do not make a new client');
    assert.equal(await left(fx.http, '203.0.113.201'), IP_LIMIT - 1, 'another client');
    assert.equal(await left(fx.http, '2001:db8:1:2::1'), IP_LIMIT - 1);
    assert.equal(await left(fx.http, '2001:db8:1:2:ffff::9'), IP_LIMIT - 2, 'the same /64');
    assert.equal(await left(fx.http, '2001:db8:1:3::1'), IP_LIMIT - 1, 'another /64');
    assert.equal(await left(otherPeer, '203.0.113.210'), IP_LIMIT - 1);
    assert.equal(await left(otherPeer, '203.0.113.211'), IP_LIMIT - 2, 'an untrusted peer is the client, whatever it forwards');
  });

  it('http - /metrics is served on the metrics port only, with latency buckets up to 10 s', async () => {
    const publicPort = await get('/metrics', { ...bearer(await fx.token(1, 'admin')), 'x-forwarded-for': client() });
    assert.equal(publicPort.status, 404);
    const scrape = await metricsPort.send('GET', '/metrics');
    assert.equal(scrape.status, 200);
    assert.match(scrape.text, /^gopang_http_request_duration_seconds_bucket\{le="10",route="healthz"\} \d+$/m);
  });
});
