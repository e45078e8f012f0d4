// Postgres pools that survive losing a connection. pg emits 'error' on the pool when an idle client's
// connection dies (Postgres restarted, failed over, or an admin terminated it); unhandled, that event
// would kill the process. A checked-out client between queries (inside a transaction, awaiting other
// work) has no pool listener: pg emits 'error' on the client itself ("Connection terminated
// unexpectedly"), which killed whole roles when Postgres stopped; each client gets its own listener.
// Either way the client is not queryable any more: its next query fails (callers handle that) and
// the pool drops it on release.
import pg from 'pg';
import { log } from '../log.js';

export function createPool(connectionString: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString, max });
  pool.on('error', (err) => log('warn', 'idle Postgres connection lost', { err }));
  pool.on('connect', (client) => {
    client.on('error', (err) => log('warn', 'Postgres connection lost', { err }));
  });
  return pool;
}
