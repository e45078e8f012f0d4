// Everything a database needs before the engine uses it: the database itself, migrations, and
// the monthly partitions of the coming months (so the first insert of a new month never fails).
import pg from 'pg';
import type { EngineConfig } from '../config.js';
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
}
