// Needs Postgres, Redis and NATS. The first start on an empty database: the queues every role works on
// exist before the roles start, so two roles never create pg-boss queues at once (a deadlock in
// pgboss.create_queue, a crashed scheduler restarted by the supervisor).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { allJobQueues } from '../../../engine/job-queues.js';
import { maintenanceDatabaseUrl } from '../../../engine/platform/db/migrate.js';
import { prepareDatabase } from '../../../engine/platform/db/prepare-database.js';
import { pgBossCronQueue } from '../../../engine/platform/jobs/job-queue-setup.js';
import { waitFor } from '../../support/eventually.js';
import { freePort, startRole } from '../../support/engine-processes.js';
import { createTestNamespace, type TestNamespace } from '../../support/test-namespace.js';

let ns: TestNamespace;

before(async () => {
  ns = await createTestNamespace({ HTTP_PORT: String(await freePort()), FAKE_GATEWAY_PORT: String(await freePort()) });
});

after(async () => {
  await ns.cleanup();
});

/** Drops the namespace's database: what a new user starts from. */
async function emptyDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: maintenanceDatabaseUrl(ns.config.databaseUrl) });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${new URL(ns.config.databaseUrl).pathname.slice(1)}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

async function queueNames(): Promise<string[]> {
  const db = new pg.Client({ connectionString: ns.config.databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ name: string; policy: string }>('SELECT name, policy FROM pgboss.queue ORDER BY name');
    for (const row of rows) assert.equal(row.policy, row.name === pgBossCronQueue ? 'standard' : 'stately', row.name);
    return rows.map((row) => row.name);
  } finally {
    await db.end();
  }
}

test('first start - preparations running at once on an empty database create every pg-boss queue once', async () => {
  await emptyDatabase();
  await Promise.all(Array.from({ length: 4 }, () => prepareDatabase(ns.config)));
  assert.deepEqual(await queueNames(), [pgBossCronQueue, ...allJobQueues].sort());
});

test('first start - npm start on an empty database starts every role without a crash or a restart', async () => {
  await emptyDatabase();
  const supervisor = await startRole('supervisor', ns.env, 60_000);
  try {
    const started = (role: string) => new RegExp(`"role":"${role}"[^\\n]*"msg":"(started|listening)"`).test(supervisor.output());
    await waitFor(() => ['edge', 'worker', 'scheduler', 'auth', 'orchestrator'].every(started), {
      timeoutMs: 60_000,
      message: () => `every role to start:\n${supervisor.output()}`,
    });
    const output = supervisor.output();
    assert.doesNotMatch(output, /deadlock|role exited/i, output);
    assert.deepEqual(await queueNames(), [pgBossCronQueue, ...allJobQueues].sort());
  } finally {
    await supervisor.stop();
  }
});
