// Everything a database needs before the engine uses it: the database itself, migrations, the monthly
// partitions of the coming months (so the first insert of a new month never fails) and the pg-boss queues.
import pg from 'pg';
import type { EngineConfig } from '../config.js';
import { allJobQueues } from '../../job-queues.js';
import { createJobQueues } from '../jobs/job-queue-setup.js';
import { ensureDatabase, migrate } from './migrate.js';
import { ensureMonthlyPartitions, partitionedTables } from './partition-maintenance.js';

export async function prepareDatabase(config: EngineConfig): Promise<void> {
  await ensureDatabase(config.databaseUrl);
  await migrate(config.databaseUrl);
  const client = new pg.Client({ connectionString: config.databaseUrl });
  await client.connect();
  try {
    for (const table of partitionedTables) {
      await ensureMonthlyPartitions(client, { table, monthsAhead: config.partitionMaintenance.monthsAhead });
    }
  } finally {
    await client.end();
  }
  await createJobQueues(config.databaseUrl, allJobQueues);
}
