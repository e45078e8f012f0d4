// Faults, part 4: what every role's Postgres pool must survive when Postgres stops, pinned down
// without the load: a client checked out between queries (mid-transaction) loses its connection.
// Before engine/platform/db/pool.ts gave each client an error listener, pg emitted an unhandled 'error' and the
// whole process died (an orchestrator and an edge did, in the Postgres outage scenario).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../engine/platform/config.js';
import { createPool } from '../../engine/platform/db/pool.js';
import { PrivateServices } from '../support/private-services.js';

describe('faults - Postgres connection loss (integration, private Postgres)', () => {
  let services: PrivateServices;
  before(async () => {
    services = await PrivateServices.start();
  });
  after(async () => {
    await services?.close();
  });

  it('faults - a checked-out client losing its connection fails its next query, and the pool recovers', async () => {
    const pool = createPool(services.postgres.url.replace(/\/gopang$/, '/postgres'), 2, loadConfig().postgres, 'requests');
    try {
      const client = await pool.connect();
      await client.query('BEGIN');
      await services.postgres.stop(); // an unhandled 'error' on the client would end this process here
      await new Promise((r) => setTimeout(r, 500));
      await assert.rejects(client.query('SELECT 1'));
      client.release();
      await assert.rejects(pool.query('SELECT 1'), (err: { code?: string }) => err.code === 'ECONNREFUSED');
      await services.postgres.start();
      assert.deepEqual((await pool.query<{ one: number }>('SELECT 1 AS one')).rows, [{ one: 1 }]);
    } finally {
      await pool.end();
    }
  });
});
