// Sales: Postgres holds the sale and what was durably sold; Redis holds the admission counters.
// The SQL of the `sales` table lives here.
import type { RedisClient } from '../platform/redis/redis-client.js';
import type pg from 'pg';
import { EngineError } from '../platform/errors.js';
import { saleKeys, saleKeysExpireAt, type SaleMeta } from './sale-keys.js';

export interface NewSale {
  sku: string;
  stock: number;
  perUserLimit: number;
  price: number;
  salePrice: number;
  startsAt: string;
  endsAt: string;
}

export interface Sale extends NewSale {
  id: number;
  /** units Redis can still admit; null when the counters are missing (admission refuses until rebuilt) */
  remaining: number | null;
  /** units durably ordered in Postgres */
  sold: number;
  createdAt: string;
}

interface SaleRow {
  id: string;
  sku: string;
  stock: number;
  per_user_limit: number;
  price: string;
  sale_price: string;
  starts_at: Date;
  ends_at: Date;
  sold: number;
  created_at: Date;
}

const saleColumns = 'id, sku, stock, per_user_limit, price, sale_price, starts_at, ends_at, sold, created_at';

function toSale(row: SaleRow, remaining: number | null): Sale {
  return {
    id: Number(row.id),
    sku: row.sku,
    stock: row.stock,
    remaining,
    sold: row.sold,
    perUserLimit: row.per_user_limit,
    price: Number(row.price),
    salePrice: Number(row.sale_price),
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    createdAt: row.created_at.toISOString(),
  };
}

export async function createSale(db: pg.Pool, redis: RedisClient, namespace: string, idempotencyTtlSec: number, input: NewSale): Promise<Sale> {
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (!(endsAt > startsAt)) throw new EngineError('INVALID_INPUT', 'endsAt must be after startsAt');
  const { rows } = await db.query<SaleRow>(
    `INSERT INTO sales (sku, stock, per_user_limit, price, sale_price, starts_at, ends_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${saleColumns}`,
    [input.sku, input.stock, input.perUserLimit, input.price, input.salePrice, startsAt, endsAt],
  );
  const sale = rows[0];
  const meta = saleKeys(namespace, Number(sale.id)).meta;
  const expires = saleKeysExpireAt(endsAt.getTime(), idempotencyTtlSec);
  await redis.multi()
    .hset(meta, { remaining: input.stock, limit: input.perUserLimit, starts: startsAt.getTime(), ends: endsAt.getTime(), expires } satisfies SaleMeta)
    .pexpireat(meta, expires)
    .exec();
  return toSale(sale, input.stock);
}

export async function getSale(db: pg.Pool, redis: RedisClient, namespace: string, id: number): Promise<Sale> {
  const [{ rows }, remaining] = await Promise.all([
    db.query<SaleRow>(`SELECT ${saleColumns} FROM sales WHERE id = $1`, [id]),
    redis.hget(saleKeys(namespace, id).meta, 'remaining'),
  ]);
  if (rows.length === 0) throw new EngineError('NOT_FOUND', `sale ${id} not found`);
  return toSale(rows[0], remaining === null ? null : Number(remaining));
}

/** When the sale ends, or undefined when it does not exist (admission asks when Redis has no counters for it). */
export async function saleEndsAt(db: pg.Pool, id: number): Promise<Date | undefined> {
  const { rows } = await db.query<{ ends_at: Date }>('SELECT ends_at FROM sales WHERE id = $1', [id]);
  return rows[0]?.ends_at;
}

/** Ids of the sales that ended less than `horizon` (a Postgres interval) ago or have not ended. */
export async function recentSaleIds(db: pg.Pool, horizon: string): Promise<number[]> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM sales WHERE ends_at > now() - $1::interval ORDER BY id', [horizon]);
  return rows.map((r) => Number(r.id));
}

/** What the admission counters are rebuilt from, or undefined for a missing sale. */
export async function saleCounterSource(
  db: pg.Pool,
  id: number,
): Promise<{ stock: number; sold: number; perUserLimit: number; startsAt: Date; endsAt: Date } | undefined> {
  const { rows } = await db.query<{ stock: number; sold: number; per_user_limit: number; starts_at: Date; ends_at: Date }>(
    'SELECT stock, sold, per_user_limit, starts_at, ends_at FROM sales WHERE id = $1',
    [id],
  );
  const row = rows[0];
  return row && { stock: row.stock, sold: row.sold, perUserLimit: row.per_user_limit, startsAt: row.starts_at, endsAt: row.ends_at };
}

/** The version and unit price the ticket writer needs, or undefined for a missing sale. */
export async function saleWriteState(client: pg.PoolClient, id: number): Promise<{ version: number; unitPrice: number } | undefined> {
  const { rows } = await client.query<{ version: number; sale_price: string }>('SELECT version, sale_price FROM sales WHERE id = $1', [id]);
  return rows[0] && { version: rows[0].version, unitPrice: Number(rows[0].sale_price) };
}

/** Adds durably sold units at the version read; false when another writer moved the version. */
export async function addSoldUnits(client: pg.PoolClient, id: number, version: number, units: number): Promise<boolean> {
  const updated = await client.query('UPDATE sales SET sold = sold + $3, version = version + 1 WHERE id = $1 AND version = $2', [id, version, units]);
  return updated.rowCount !== 0;
}
