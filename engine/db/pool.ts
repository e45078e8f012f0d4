// Postgres pools that survive losing a connection. pg emits 'error' on the pool when an idle client's
// connection dies (Postgres restarted, failed over, or an admin terminated it); unhandled, that event
// would kill the process. Checked-out clients still fail their query, which callers already handle.
import pg from 'pg';
import { log } from '../log.js';

export function createPool(connectionString: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString, max });
  pool.on('error', (err) => log('warn', 'idle Postgres connection lost', { err }));
  return pool;
}
