// Floods from one IP and from one user: at most limit x (one-second windows the flood spanned) pass,
// every other answer is 429 RATE_LIMITED, and another IP or user is still served meanwhile.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';
import { bearer, type HttpAnswer } from '../support/http-client.js';

const IP_LIMIT = 20;
const USER_LIMIT = 10;
const FLOOD = 150;

describe('hostile floods (integration)', () => {
  let fx: FlashSaleFixture;
  let saleId: number;

  before(async () => {
    fx = await FlashSaleFixture.start(['edge', 'worker'], { IP_RATE_LIMIT_PER_SEC: String(IP_LIMIT), USER_RATE_LIMIT_PER_SEC: String(USER_LIMIT) });
    saleId = await fx.createSale({ stock: 10_000, perUserLimit: 100 });
  });
  after(async () => {
    await fx?.close();
  });

  /** One request from a given loopback address (every 127.0.0.0/8 address is this machine). */
  function sendFrom(localAddress: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: fx.ns.config.http.port, localAddress, method, path, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Sends `count` requests at once; the answers and the one-second windows the flood touched. */
  async function flood(count: number, send: (i: number) => Promise<HttpAnswer>) {
    const startSec = Math.floor(Date.now() / 1000);
    const answers = await Promise.all(Array.from({ length: count }, (_, i) => send(i)));
    const windows = Math.floor(Date.now() / 1000) - startSec + 1;
    const limited = answers.filter((a) => a.status === 429);
    for (const a of limited) assert.equal(a.json().error.code, 'RATE_LIMITED');
    return { passed: count - limited.length, limited: limited.length, windows, answers };
  }

  it('hostile - one IP flooding REST routes and the attempt hot path gets 429 past its limit; another IP is served', async (t) => {
    const rest = await flood(FLOOD, () => sendFrom('127.0.0.2', 'GET', `/api/v1/sales/${saleId}`));
    t.diagnostic(`REST: ${rest.passed} passed, ${rest.limited} limited in ${rest.windows} window(s)`);
    assert.ok(rest.passed <= IP_LIMIT * rest.windows, `${rest.passed} passed, limit ${IP_LIMIT} x ${rest.windows}`);
    assert.ok(rest.limited >= FLOOD - IP_LIMIT * rest.windows && rest.limited > 0);
    assert.ok(rest.answers.every((a) => a.status === 200 || a.status === 429));
    assert.equal((await sendFrom('127.0.0.3', 'GET', `/api/v1/sales/${saleId}`)).status, 200, 'another IP is served');

    const buyer = await fx.token(700, 'buyer');
    const hot = await flood(FLOOD, (i) => sendFrom('127.0.0.4', 'POST', `/api/v1/sales/${saleId}/attempts`,
      { ...bearer(buyer), 'idempotency-key': `flood-${i}`, 'content-type': 'application/json' }, '{"quantity":1}'));
    t.diagnostic(`hot path: ${hot.passed} passed, ${hot.limited} limited in ${hot.windows} window(s)`);
    assert.ok(hot.passed <= IP_LIMIT * hot.windows && hot.limited > 0);
    assert.ok(hot.answers.every((a) => a.status === 202 || a.status === 429), 'admitted or limited, nothing else');
    await fx.waitForSold(saleId, hot.passed);
    assert.equal(await fx.soldInPostgres(saleId), hot.passed, 'exactly the admitted attempts became orders');
  });

  it('hostile - one user flooding REST routes from many IPs gets 429 past the per-user limit; another user is served', async (t) => {
    const flooder = await fx.token(801, 'buyer');
    // 15 addresses, 10 requests each: under the per-IP limit, so only the per-user one can bite
    const user = await flood(FLOOD, (i) => sendFrom(`127.0.1.${1 + (i % 15)}`, 'GET', '/api/v1/orders', bearer(flooder)));
    t.diagnostic(`user: ${user.passed} passed, ${user.limited} limited in ${user.windows} window(s)`);
    assert.ok(user.passed <= USER_LIMIT * user.windows, `${user.passed} passed, limit ${USER_LIMIT} x ${user.windows}`);
    assert.ok(user.limited > 0);
    assert.ok(user.answers.every((a) => a.status === 200 || a.status === 429));
    const other = await sendFrom('127.0.2.1', 'GET', '/api/v1/orders', bearer(await fx.token(802, 'buyer')));
    assert.equal(other.status, 200, 'another user is served');
  });
});
