// Needs Postgres (and Redis/NATS for the test namespace). Runs against a private database.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { monthPartitionName, partitionNames } from '../../support/partitions.js';
import { createTestNamespace, type TestNamespace } from '../../support/test-namespace.js';
import {
  dropExpiredPartitions,
  ensureMonthlyPartitions,
  partitionedTables,
  runPartitionMaintenance,
} from '../../../engine/platform/db/partition-maintenance.js';
import { isCheckViolation } from '../../../engine/platform/db/pg-errors.js';

let ns: TestNamespace;
let db: pg.Client;
let saleId: string;

/** Inserts one order and returns the partition it landed in. */
async function insertOrder(createdAt: string): Promise<string> {
  const { rows } = await db.query<{ part: string }>(
    `INSERT INTO orders (id, created_at, sale_id, user_id, quantity, unit_price)
     VALUES ($1, $2, $3, 1, 1, 900) RETURNING tableoid::regclass::text AS part`,
    [randomUUID(), createdAt, saleId],
  );
  return rows[0]!.part;
}

const future = new Date('2031-11-15T12:00:00Z');

before(async () => {
  ns = await createTestNamespace({ PARTITION_MONTHS_AHEAD: '2', PARTITION_RETENTION_MONTHS: '1' });
  db = new pg.Client({ connectionString: ns.config.databaseUrl });
  await db.connect();
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO sales (sku, stock, per_user_limit, price, sale_price, starts_at, ends_at)
     VALUES ('SKU-1', 10, 2, 1000, 900, '2031-01-01Z', '2040-01-01Z') RETURNING id`,
  );
  saleId = rows[0]!.id;
});

after(async () => {
  await db.end();
  await ns.cleanup();
});

test('partition maintenance - prepareDatabase creates the current month through monthsAhead', async () => {
  const now = new Date();
  assert.deepEqual(await partitionNames(db), [monthPartitionName(now, 0), monthPartitionName(now, 1), monthPartitionName(now, 2)]);
});

test('partition maintenance - creates current+N months across a year end with UTC bounds', async () => {
  // a non-UTC session must not shift the bounds
  await db.query(`SET TimeZone = 'Asia/Seoul'`);
  const created = await ensureMonthlyPartitions(db, { table: 'orders', monthsAhead: 2, now: future });
  await db.query(`SET TimeZone = 'UTC'`);
  assert.deepEqual(created, ['orders_p203111', 'orders_p203112', 'orders_p203201']);
  const names = await partitionNames(db);
  for (const name of created) assert.ok(names.includes(name), `${name} in pg_inherits`);
  const { rows } = await db.query<{ bound: string }>(
    `SELECT pg_get_expr(relpartbound, oid) AS bound FROM pg_class WHERE relname = 'orders_p203112'`,
  );
  assert.equal(rows[0]!.bound, "FOR VALUES FROM ('2031-12-01 00:00:00+00') TO ('2032-01-01 00:00:00+00')");
});

test('partition maintenance - a second run creates nothing', async () => {
  const before = await partitionNames(db);
  assert.deepEqual(await ensureMonthlyPartitions(db, { table: 'orders', monthsAhead: 2, now: future }), []);
  assert.deepEqual(await partitionNames(db), before);
});

test('partition maintenance - orders land in the partition of their month', async () => {
  assert.equal(await insertOrder('2031-11-01T00:00:00Z'), 'orders_p203111');
  assert.equal(await insertOrder('2031-11-30T23:59:59.999Z'), 'orders_p203111');
  assert.equal(await insertOrder('2031-12-15T08:00:00Z'), 'orders_p203112');
  assert.equal(await insertOrder('2032-01-31T23:59:59Z'), 'orders_p203201');
});

test('partition maintenance - an order for a month without a partition is rejected', async () => {
  // no partition of relation "orders" found for row
  await assert.rejects(insertOrder('2032-02-01T00:00:00Z'), (err) => isCheckViolation(err));
});

test('partition maintenance - drops exactly the partitions older than retention, by bound not name', async () => {
  // misleading names: the bound decides, not the name
  await db.query(`CREATE TABLE orders_archive_x PARTITION OF orders
    FOR VALUES FROM ('2031-10-01 00:00:00+00') TO ('2031-11-01 00:00:00+00')`);
  await db.query(`CREATE TABLE orders_p203001 PARTITION OF orders
    FOR VALUES FROM ('2033-05-01 00:00:00+00') TO ('2033-06-01 00:00:00+00')`);
  await db.query('CREATE TABLE orders_default PARTITION OF orders DEFAULT');
  const now = new Date('2032-01-20T00:00:00Z'); // retention 1: keep Dec 2031 and Jan 2032
  const keep = ['orders_default', 'orders_p203001', 'orders_p203112', 'orders_p203201'];
  const today = new Date();
  // in upper-bound order: the months prepareDatabase made, then October and November 2031
  const expected = [monthPartitionName(today, 0), monthPartitionName(today, 1), monthPartitionName(today, 2), 'orders_archive_x', 'orders_p203111'];

  const dropped = await dropExpiredPartitions(db, { table: 'orders', retentionMonths: 1, now });
  assert.deepEqual(dropped, expected);
  assert.deepEqual(await partitionNames(db), keep);
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders');
  assert.equal(rows[0]!.n, 2, 'the December and January orders remain');
  assert.deepEqual(await dropExpiredPartitions(db, { table: 'orders', retentionMonths: 1, now }), []);
  await db.query('DROP TABLE orders_default, orders_p203001');
});

test('partition maintenance - runPartitionMaintenance does both for every table', async () => {
  const now = new Date('2032-03-05T00:00:00Z'); // months ahead 2, retention 1 from the namespace config
  const result = await runPartitionMaintenance(db, ns.config, now);
  const ofOrders = (names: string[]) => names.filter((n) => n.startsWith('orders_'));
  assert.deepEqual({ created: ofOrders(result.created), dropped: ofOrders(result.dropped) }, {
    created: ['orders_p203203', 'orders_p203204', 'orders_p203205'],
    dropped: ['orders_p203112', 'orders_p203201'],
  });
  for (const table of partitionedTables) assert.ok(result.created.includes(`${table}_p203203`), `${table} is maintained too`);
  assert.deepEqual(await partitionNames(db), ['orders_p203203', 'orders_p203204', 'orders_p203205']);
});

test('partition maintenance - rejects bad month counts and non-partitioned tables', async () => {
  await assert.rejects(ensureMonthlyPartitions(db, { table: 'orders', monthsAhead: -1 }), RangeError);
  await assert.rejects(dropExpiredPartitions(db, { table: 'orders', retentionMonths: 1.5 }), RangeError);
  await assert.rejects(ensureMonthlyPartitions(db, { table: 'sales', monthsAhead: 0 }), /not range-partitioned/);
});
