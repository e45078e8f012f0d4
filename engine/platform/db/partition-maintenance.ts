// Keeps the monthly partitions of high-volume tables: the coming months exist before the first insert
// lands in them, and months past retention are dropped. The SQL lives in 002_partition_maintenance.sql.
import type pg from 'pg';
import type { EngineConfig } from '../config.js';
import { log } from '../log.js';

/** Tables range-partitioned by month on a timestamptz column. */
export const partitionedTables = ['orders', 'chat_messages', 'order_events'] as const;

type Queryable = pg.Pool | pg.Client | pg.PoolClient;

/** First day (UTC) of the month `offset` months from the month of `now`, as YYYY-MM-DD. */
function monthStart(now: Date, offset: number): string {
  // a string, not a Date: pg would serialise a Date in the local time zone
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString().slice(0, 10);
}

function assertMonths(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
}

/** Ensures partitions for the current month (UTC) through `monthsAhead` months ahead; returns the names created. */
export async function ensureMonthlyPartitions(
  db: Queryable,
  options: { table: string; monthsAhead: number; now?: Date },
): Promise<string[]> {
  assertMonths('monthsAhead', options.monthsAhead);
  const now = options.now ?? new Date();
  const created: string[] = [];
  for (let offset = 0; offset <= options.monthsAhead; offset++) {
    const { rows } = await db.query<{ name: string | null }>(
      'SELECT engine_ensure_month_partition($1::regclass, $2::date) AS name',
      [options.table, monthStart(now, offset)],
    );
    const name = rows[0]?.name;
    if (name) created.push(name);
  }
  return created;
}

/**
 * Drops partitions that end at or before the start of the month `retentionMonths` months before the
 * current one, so that many full past months are kept besides the current month; returns the names dropped.
 */
export async function dropExpiredPartitions(
  db: Queryable,
  options: { table: string; retentionMonths: number; now?: Date },
): Promise<string[]> {
  assertMonths('retentionMonths', options.retentionMonths);
  const cutoff = monthStart(options.now ?? new Date(), -options.retentionMonths);
  const { rows } = await db.query<{ name: string }>(
    'SELECT name FROM engine_drop_month_partitions_before($1::regclass, $2::date) AS name',
    [options.table, cutoff],
  );
  return rows.map((r) => r.name);
}

/** Creates ahead and drops expired partitions of every partitioned table, logging one line per table. */
export async function runPartitionMaintenance(
  db: Queryable,
  config: EngineConfig,
  now: Date = new Date(),
): Promise<{ created: string[]; dropped: string[] }> {
  const { monthsAhead, retentionMonths } = config.partitionMaintenance;
  const result = { created: [] as string[], dropped: [] as string[] };
  for (const table of partitionedTables) {
    const created = await ensureMonthlyPartitions(db, { table, monthsAhead, now });
    const dropped = await dropExpiredPartitions(db, { table, retentionMonths, now });
    result.created.push(...created);
    result.dropped.push(...dropped);
    log('info', 'partition maintenance', { table, created, dropped });
  }
  return result;
}
