// Reading a partitioned table's partitions, for partition-maintenance tests.
import type pg from 'pg';

export async function partitionNames(db: pg.Client | pg.Pool, table = 'orders'): Promise<string[]> {
  const { rows } = await db.query<{ relname: string }>(
    `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = $1::regclass ORDER BY c.relname`,
    [table],
  );
  return rows.map((r) => r.relname);
}

/** The partition name of the month `offset` months after `now` (UTC). */
export function monthPartitionName(now: Date, offset: number, table = 'orders'): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
  return `${table}_p${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}
