// Needs Postgres. The bounds every pool sets on its sessions (engine/platform/db/pool.ts, issue #15
// finding 10): request pools get the short statement timeout, job pools the long one, and a session
// left idle inside a transaction is ended by the server. Reads the maintenance database only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { loadConfig, type PostgresTimeouts } from '../../../engine/platform/config.js';
import { createPool } from '../../../engine/platform/db/pool.js';
import { isServerTimeout } from '../../../engine/platform/db/pg-errors.js';
import { inTransaction } from '../../../engine/platform/db/transaction.js';
import { isBackingServiceDown } from '../../../engine/platform/errors.js';

const timeouts: PostgresTimeouts = { connectTimeoutMs: 2_000, statementTimeoutMs: 700, jobStatementTimeoutMs: 60_000, idleInTransactionTimeoutMs: 300 };

describe('postgres pools - timeouts (integration)', () => {
  const url = new URL(loadConfig().databaseUrl);
  url.pathname = '/postgres';
  let requests: pg.Pool;
  let jobs: pg.Pool;
  before(() => {
    requests = createPool(url.toString(), 2, timeouts, 'requests');
    jobs = createPool(url.toString(), 2, timeouts, 'jobs');
  });
  after(async () => {
    await requests?.end();
    await jobs?.end();
  });

  const setting = async (pool: pg.Pool, name: string) => (await pool.query<{ value: string }>('SELECT current_setting($1) AS value', [name])).rows[0].value;

  it('postgres pools - request pools get PG_STATEMENT_TIMEOUT_MS, job pools PG_JOB_STATEMENT_TIMEOUT_MS, both the idle-in-transaction limit', async () => {
    assert.equal(await setting(requests, 'statement_timeout'), '700ms');
    assert.equal(await setting(jobs, 'statement_timeout'), '1min');
    assert.equal(await setting(requests, 'idle_in_transaction_session_timeout'), '300ms');
    assert.equal(await setting(jobs, 'idle_in_transaction_session_timeout'), '300ms');
  });

  it('postgres pools - a statement past the timeout is cancelled by the server (a 503, not a 500) and the pool serves the next one', async () => {
    await assert.rejects(requests.query('SELECT pg_sleep(5)'), (err) => isServerTimeout(err) && isBackingServiceDown(err));
    assert.deepEqual((await requests.query<{ one: number }>('SELECT 1 AS one')).rows, [{ one: 1 }]);
    assert.deepEqual((await jobs.query<{ slept: string }>("SELECT pg_sleep(1)::text AS slept")).rows, [{ slept: '' }]);
  });

  it('postgres pools - a transaction left idle past the limit is ended by the server (a 503, not a 500), and the pool serves the next one', async () => {
    await assert.rejects(
      inTransaction(requests, async (client) => {
        await client.query('SELECT 1');
        await new Promise((r) => setTimeout(r, 1_000)); // awaiting something else while the transaction is open
        await client.query('SELECT 1');
      }),
      isBackingServiceDown,
    );
    assert.deepEqual((await requests.query<{ one: number }>('SELECT 1 AS one')).rows, [{ one: 1 }]);
  });
});
