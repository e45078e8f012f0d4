// Needs Postgres (and Redis/NATS for the test namespace). Runs pg-boss in a private database.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import PgBoss from 'pg-boss';
import pg from 'pg';
import { waitFor } from '../../support/eventually.js';
import { monthPartitionName, partitionNames } from '../../support/partitions.js';
import { createTestNamespace, type TestNamespace } from '../../support/test-namespace.js';
import { partitionMaintenanceQueue, startScheduler } from '../../../engine/platform/jobs/scheduler.js';

let ns: TestNamespace;
let db: pg.Client;

before(async () => {
  ns = await createTestNamespace({ PARTITION_MONTHS_AHEAD: '1', PARTITION_MAINTENANCE_CRON: '*/10 * * * *' });
  db = new pg.Client({ connectionString: ns.config.databaseUrl });
  await db.connect();
});

after(async () => {
  await db.end();
  await ns.cleanup();
});

async function dropAllPartitions(): Promise<void> {
  await db.query(`SELECT engine_drop_month_partitions_before('orders', '9999-01-01')`);
  assert.deepEqual(await partitionNames(db), []);
}

test('scheduler - creates partitions at start, registers the schedule, works its jobs, stops cleanly', async () => {
  // undo what prepareDatabase did, so only the scheduler can have made them
  await dropAllPartitions();

  const scheduler = await startScheduler(ns.config);
  try {
    const now = new Date();
    assert.deepEqual(await partitionNames(db), [monthPartitionName(now, 0), monthPartitionName(now, 1)]);
    const { rows } = await db.query<{ name: string; cron: string; timezone: string }>(
      'SELECT name, cron, timezone FROM pgboss.schedule',
    );
    assert.deepEqual(rows, [{ name: partitionMaintenanceQueue, cron: '*/10 * * * *', timezone: 'UTC' }]);

    // what the cron does at its slot: a job on the queue, picked up by the scheduler's worker
    await dropAllPartitions();
    const sender = new PgBoss({ connectionString: ns.config.databaseUrl, schema: 'pgboss', supervise: false, schedule: false });
    await sender.start();
    try {
      await sender.send(partitionMaintenanceQueue, {});
      await waitFor(async () => (await partitionNames(db)).length >= 2, { timeoutMs: 10_000, message: 'the job to create two partitions' });
      assert.deepEqual(await partitionNames(db), [monthPartitionName(now, 0), monthPartitionName(now, 1)]);
    } finally {
      await sender.stop({ graceful: false });
    }
  } finally {
    await scheduler.stop();
  }
  // a backend exits shortly after its client disconnects: give it a moment before calling it a leak
  let others = -1;
  await waitFor(async () => {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    return (others = rows[0]!.n) === 0;
  }, { timeoutMs: 3_000, message: () => `stop() to close every connection it opened (${others} open)` });
});
