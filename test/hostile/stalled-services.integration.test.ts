// Issue #15 finding 10: no timeouts on Postgres and Redis calls. A Redis or Postgres that stops
// answering (hung, swapped out, a lock nobody releases) held every request that reached it, and new
// ones piled up behind them without bound. Private servers are paused (SIGSTOP) or stopped under a
// running edge; every request must get a fast 503 the client may retry, and service resumes after.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { errorCode } from '../support/auth-api.js';
import { waitFor } from '../support/eventually.js';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';
import type { HttpAnswer } from '../support/http-client.js';
import { PrivateServices } from '../support/private-services.js';

/** Requests sent at once: more than the edge's Postgres pool (8), so some wait for a connection. */
const CONCURRENT = 20;
/** How fast the answer must come: the timeouts set below, with a margin for a busy machine. */
const FAST_MS = 2_000;
/** Past this a request counts as hung. */
const HANG_MS = 10_000;

interface Timed {
  outcome: string;
  ms: number;
}

/** The answer's status and code, and how long it took; "no answer" when it hung past HANG_MS. */
async function timed(send: () => Promise<HttpAnswer>): Promise<Timed> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), HANG_MS)));
  try {
    const answer = await Promise.race([send(), hang]);
    const outcome = answer ? `${answer.status} ${errorCode(answer) ?? ''}`.trim() : `no answer within ${HANG_MS} ms`;
    return { outcome, ms: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}

/** Sends `send` CONCURRENT times at once; answers how many of each outcome, and the slowest time. */
async function burst(send: (i: number) => Promise<HttpAnswer>): Promise<{ outcomes: Record<string, number>; slowestMs: number }> {
  const results = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => timed(() => send(i))));
  const outcomes: Record<string, number> = {};
  for (const r of results) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
  return { outcomes, slowestMs: Math.max(...results.map((r) => r.ms)) };
}

describe('hostile - stalled Redis and Postgres answer fast 503s (integration, private Redis/NATS/Postgres)', () => {
  let services: PrivateServices;
  let fx: FlashSaleFixture;

  before(async () => {
    services = await PrivateServices.start();
    // shorter than the defaults (Redis 1 s, Postgres 3 s to connect and 5 s per statement) so that the
    // worst case fits in FAST_MS: a Redis command may wait for the auto-pipelined batch before its own
    // (two timeouts); a statement the server does not answer is given up 1 s after its statement timeout
    fx = await FlashSaleFixture.start(['edge'], {
      ...services.env(),
      REDIS_COMMAND_TIMEOUT_MS: '500',
      PG_CONNECT_TIMEOUT_MS: '1000',
      PG_STATEMENT_TIMEOUT_MS: '500',
    });
  });
  after(async () => {
    await fx?.close();
    await services?.close();
  });

  const getSale = (saleId: number) => fx.http.send('GET', `/api/v1/sales/${saleId}`);

  it('stalled Redis - concurrent admissions answer 503 UNAVAILABLE within 2 s, and admit again once Redis wakes', async () => {
    const saleId = await fx.createSale({ stock: 1_000, perUserLimit: 100 });
    const buyer = await fx.token(10_001, 'buyer');
    assert.equal((await fx.attempt(saleId, buyer, 'before')).status, 202);
    services.redis.pause();
    let result;
    try {
      result = await burst((i) => fx.attempt(saleId, buyer, `stalled-${i}`));
    } finally {
      services.redis.resume();
    }
    assert.deepEqual(result.outcomes, { '503 UNAVAILABLE': CONCURRENT });
    assert.ok(result.slowestMs < FAST_MS, `slowest answer after ${result.slowestMs} ms`);
    await waitFor(async () => (await fx.attempt(saleId, buyer, `after-${Date.now()}`)).status === 202, { message: 'an admission after Redis woke up' });
  });

  it('stalled Postgres - concurrent reads answer 503 UNAVAILABLE within 2 s, more than the pool holds, and are served again once it wakes', async () => {
    const saleId = await fx.createSale({ stock: 10, perUserLimit: 1 });
    assert.equal((await getSale(saleId)).status, 200);
    services.postgres.pause();
    let result;
    try {
      result = await burst(() => getSale(saleId));
    } finally {
      services.postgres.resume();
    }
    assert.deepEqual(result.outcomes, { '503 UNAVAILABLE': CONCURRENT });
    assert.ok(result.slowestMs < FAST_MS, `slowest answer after ${result.slowestMs} ms`);
    await waitFor(async () => (await getSale(saleId)).status === 200, { message: 'a read after Postgres woke up' });
  });

  it('stuck statement - reads behind a lock nobody releases are cancelled by the statement timeout: 503 within 2 s, and the next read is served', async () => {
    const saleId = await fx.createSale({ stock: 10, perUserLimit: 1 });
    const locker = await fx.db.connect();
    let result;
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE sales IN ACCESS EXCLUSIVE MODE'); // what a stuck migration or a forgotten session holds
      result = await burst(() => getSale(saleId));
    } finally {
      await locker.query('ROLLBACK');
      locker.release();
    }
    assert.deepEqual(result.outcomes, { '503 UNAVAILABLE': CONCURRENT });
    assert.ok(result.slowestMs < FAST_MS, `slowest answer after ${result.slowestMs} ms`);
    assert.equal((await getSale(saleId)).status, 200);
  });

  it('Redis down - admissions answer 503 UNAVAILABLE at once instead of queueing until Redis is back', async () => {
    const saleId = await fx.createSale({ stock: 1_000, perUserLimit: 100 });
    const buyer = await fx.token(10_002, 'buyer');
    assert.equal((await fx.attempt(saleId, buyer, 'before')).status, 202);
    await services.redis.kill9();
    let result;
    try {
      result = await burst((i) => fx.attempt(saleId, buyer, `down-${i}`));
    } finally {
      await services.redis.start();
    }
    assert.deepEqual(result.outcomes, { '503 UNAVAILABLE': CONCURRENT });
    assert.ok(result.slowestMs < FAST_MS, `slowest answer after ${result.slowestMs} ms`);
  });
});
