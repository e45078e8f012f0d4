// Postgres pools that survive losing a connection and never wait without bound. pg emits 'error' on the
// pool when an idle client's connection dies (Postgres restarted, failed over, or an admin terminated
// it); unhandled, that event would kill the process. A checked-out client between queries (inside a
// transaction, awaiting other work) has no pool listener: pg emits 'error' on the client itself
// ("Connection terminated unexpectedly"), which killed whole roles when Postgres stopped; each client
// gets its own listener. Either way the client is not queryable any more: its next query fails (callers
// handle that) and the pool drops it on release.
//
// Timeouts (issue #15 finding 10): without them a stalled server held every request that reached it and
// the ones queued for a connection behind them. The server cancels a statement past statement_timeout
// (the session stays usable); the client gives up a moment later when the server does not answer at all.
import pg from 'pg';
import type { PostgresTimeouts } from '../config.js';
import { log } from '../log.js';

/** What the pool serves: requests get the short statement timeout, background work the long one. */
export type PoolUse = 'requests' | 'jobs';

/** How much longer than statement_timeout the client waits before it takes the server for stalled. */
const SERVER_ANSWER_GRACE_MS = 1_000;

export function createPool(connectionString: string, max: number, timeouts: PostgresTimeouts, use: PoolUse): pg.Pool {
  const statementTimeout = use === 'requests' ? timeouts.statementTimeoutMs : timeouts.jobStatementTimeoutMs;
  const pool = new pg.Pool({
    connectionString,
    max,
    // 0 turns each off (pg's own convention; unset options are not sent)
    connectionTimeoutMillis: timeouts.connectTimeoutMs,
    statement_timeout: statementTimeout,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionTimeoutMs,
    query_timeout: statementTimeout > 0 ? statementTimeout + SERVER_ANSWER_GRACE_MS : undefined,
  });
  pool.on('error', (err) => log('warn', 'idle Postgres connection lost', { err }));
  pool.on('connect', (client) => {
    client.on('error', (err) => log('warn', 'Postgres connection lost', { err }));
  });
  return pool;
}
