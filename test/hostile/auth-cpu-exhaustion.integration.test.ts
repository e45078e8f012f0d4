// Hostile finding 4 (issue #15): unauthenticated CPU exhaustion. A scrypt computation holds a core
// for most of a second at the production cost, so nobody may make the auth module compute them at will:
// a taken e-mail is refused before hashing, registrations are throttled per client IP, an account
// deletion's password check counts against the account's lockout like a login, and past its bound the
// hashing queue answers 503 at once. The auth role's /metrics counts every scrypt computation, so
// "no hash was computed" is an exact comparison, not a timing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AUTH_METRICS_PORT_OFFSET, DEFAULT_SCRYPT_COST } from '../../engine/auth/auth-config.js';
import { AuthApi, errorCode, STRONG_PASSWORD, uniqueEmail } from '../support/auth-api.js';
import { freePort } from '../support/engine-processes.js';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';
import { HttpClient, type HttpAnswer } from '../support/http-client.js';

const REGISTER_LIMIT = 5;
const LOCKOUT_FAILURES = 10;

/** An auth module with its /metrics on a free port, and clients acting from chosen loopback addresses. */
async function startAuth(env: NodeJS.ProcessEnv) {
  const metricsPort = await freePort();
  const fx = await FlashSaleFixture.start(['auth', 'edge'], { METRICS_PORT_BASE: String(metricsPort - AUTH_METRICS_PORT_OFFSET), ...env });
  const clients: HttpClient[] = [];
  const metrics = new HttpClient(`http://127.0.0.1:${metricsPort}`);
  return {
    fx,
    /** the auth API as seen from one client address */
    from(address: string): AuthApi {
      const http = new HttpClient(fx.http.baseUrl, 256, address);
      clients.push(http);
      return new AuthApi(http);
    },
    /** one series of the auth module's /metrics (0 while absent) */
    async metric(series: string): Promise<number> {
      const line = (await metrics.send('GET', '/metrics')).text.split('\n').find((l) => l.startsWith(`${series} `));
      return line === undefined ? 0 : Number(line.slice(series.length + 1));
    },
    /** scrypt computations of the auth module so far, by op */
    hashTasks(op: 'hash' | 'verify'): Promise<number> {
      return this.metric(`gopang_password_hash_tasks_total{op="${op}"}`);
    },
    async close() {
      for (const client of [...clients, metrics]) client.close();
      await fx.close();
    },
  };
}

function countBy(answers: HttpAnswer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of answers) {
    const key = a.status < 300 ? String(a.status) : `${a.status} ${errorCode(a)}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

function assertRetryAfter(answer: HttpAnswer, maxSec: number): void {
  const seconds = Number(answer.headers['retry-after']);
  assert.ok(Number.isInteger(seconds) && seconds >= 1 && seconds <= maxSec, `Retry-After ${answer.headers['retry-after']}`);
}

describe('hostile - unauthenticated CPU exhaustion through password hashing (integration)', () => {
  let auth: Awaited<ReturnType<typeof startAuth>>;

  before(async () => {
    auth = await startAuth({
      AUTH_REGISTER_IP_LIMIT: String(REGISTER_LIMIT), AUTH_REGISTER_IP_WINDOW_SEC: '600',
      AUTH_LOCKOUT_FAILURES: String(LOCKOUT_FAILURES), AUTH_LOCKOUT_SEC: '60',
    });
  });
  after(() => auth?.close());

  it('hostile - registering a taken e-mail answers 409 EMAIL_TAKEN without computing a hash', async () => {
    const api = auth.from('127.0.0.11');
    const email = uniqueEmail('taken');
    assert.equal((await api.registerBuyer(email)).status, 201);
    const hashes = await auth.hashTasks('hash');
    const again = await api.registerBuyer(email.toUpperCase(), { password: 'Another-Horse-7' });
    assert.equal(again.status, 409, again.text);
    assert.equal(errorCode(again), 'EMAIL_TAKEN');
    assert.equal(errorCode(await api.registerSeller(email)), 'EMAIL_TAKEN');
    assert.equal(await auth.hashTasks('hash'), hashes, 'no hash for a taken e-mail');
  });

  it('hostile - 20 concurrent registrations from one IP: exactly the limit is hashed, the rest answer 429 with Retry-After', async () => {
    const flooder = auth.from('127.0.0.12');
    const hashes = await auth.hashTasks('hash');
    const answers = await Promise.all(Array.from({ length: 20 }, () => flooder.registerBuyer(uniqueEmail('flood'))));
    assert.deepEqual(countBy(answers), { 201: REGISTER_LIMIT, '429 RATE_LIMITED': 20 - REGISTER_LIMIT });
    for (const a of answers.filter((a) => a.status === 429)) assertRetryAfter(a, 600);
    assert.equal(await auth.hashTasks('hash'), hashes + REGISTER_LIMIT, 'refused registrations computed no hash');
    assert.equal((await auth.from('127.0.0.13').registerBuyer(uniqueEmail('other'))).status, 201, 'another IP still registers');
  });

  it('hostile - 30 concurrent account deletions with wrong passwords: exactly the lockout limit is verified, the rest answer 423', async () => {
    const api = auth.from('127.0.0.14');
    const { email, accessToken } = await api.signedInBuyer(uniqueEmail('delete'));
    const deleteAccount = (password: string) => {
      const body = JSON.stringify({ password });
      return api.http.send('DELETE', '/api/v1/auth/me', {
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }, body,
      });
    };
    const verifications = await auth.hashTasks('verify');
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => deleteAccount(`Wrong-Password-${i}`)));
    assert.deepEqual(countBy(answers), { '401 INVALID_CREDENTIALS': LOCKOUT_FAILURES, '423 ACCOUNT_LOCKED': 30 - LOCKOUT_FAILURES });
    for (const a of answers.filter((a) => a.status === 423)) assertRetryAfter(a, 60);
    assert.equal(await auth.hashTasks('verify'), verifications + LOCKOUT_FAILURES, 'locked attempts verified nothing');
    // one budget of guesses per account: the right password, by deletion or by login, waits for the lockout
    assert.equal(errorCode(await deleteAccount(STRONG_PASSWORD)), 'ACCOUNT_LOCKED');
    assert.equal(errorCode(await api.login(email)), 'ACCOUNT_LOCKED');
    assert.equal((await api.get('/api/v1/auth/me', accessToken)).status, 200, 'the account still exists');
  });
});

describe('hostile - the password hashing queue is bounded (integration)', () => {
  const THREADS = 1;
  const QUEUE_MAX = 2;
  const REQUESTS = 12;
  let auth: Awaited<ReturnType<typeof startAuth>>;

  before(async () => {
    // the production cost: each hash holds the only thread for most of a second, so all the requests
    // are in flight while the first ones hash; the edge waits long enough for every accepted one
    auth = await startAuth({
      AUTH_SCRYPT_COST: String(DEFAULT_SCRYPT_COST), AUTH_HASH_THREADS: String(THREADS), AUTH_HASH_QUEUE_MAX: String(QUEUE_MAX), AUTH_REQUEST_TIMEOUT_MS: '30000',
    });
  });
  after(() => auth?.close());

  it('hostile - 12 concurrent registrations, 1 thread, a queue of 2: 3 are hashed, 9 answer 503 AUTH_BUSY at once', async () => {
    const api = auth.from('127.0.0.21');
    const hashes = await auth.hashTasks('hash');
    const refused = await auth.metric('gopang_password_hash_refused_total');
    const emails = Array.from({ length: REQUESTS }, () => uniqueEmail('queue'));
    const answers = await Promise.all(emails.map((email) => api.registerBuyer(email)));
    const accepted = THREADS + QUEUE_MAX;
    assert.deepEqual(countBy(answers), { 201: accepted, '503 AUTH_BUSY': REQUESTS - accepted });
    for (const a of answers.filter((a) => a.status === 503)) assertRetryAfter(a, 10);
    assert.equal(await auth.hashTasks('hash'), hashes + accepted);
    assert.equal(await auth.metric('gopang_password_hash_refused_total'), refused + REQUESTS - accepted);
    const { rows } = await auth.fx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE email = ANY($1)', [emails]);
    assert.equal(rows[0]!.n, accepted, 'exactly the accepted registrations are accounts');
  });
});
