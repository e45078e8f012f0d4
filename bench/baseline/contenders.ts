// The two sides of bench:compare behind one interface, so every phase loads both the same way:
// the engine under test and the usual-way baseline, each with its own sales and its own order table.
import type pg from 'pg';
import { postgresBackends, type CpuGroups } from '../support/cpu-meter.js';
import { admittedUnits, attemptUrl, createBenchSale, engineCpuGroups, sleep, type EngineUnderTest } from '../support/engine-under-test.js';
import { SoldSampler } from '../support/sold-sampler.js';
import type { BaselineUnderTest } from './baseline-under-test.js';

export interface OrderCounts {
  rows: number;
  units: number;
  /** distinct buyers with an order */
  buyers: number;
}

export interface Contender {
  name: 'engine' | 'baseline';
  /** the processes whose CPU the bench reports; asked after the warm-up, when the pools are connected */
  cpuGroups(): Promise<CpuGroups>;
  createSale(stock: number, perUserLimit: number): Promise<number>;
  attemptUrl(saleId: number): string;
  /** resolves, with its performance.now(), when every unit accepted for the sale is an order row */
  settle(saleId: number, stock: number): Promise<number>;
  orders(saleId: number): Promise<OrderCounts>;
}

const BASELINE_SETTLE_POLL_MS = 250;

/** Postgres backends serving the bench's database (other work on the server is not counted). */
/** Table names are constants of this module, never input. */
async function orderCounts(db: pg.Pool, table: 'orders' | 'baseline.orders', saleId: number): Promise<OrderCounts> {
  const { rows } = await db.query<OrderCounts>(
    `SELECT count(*)::int AS rows, coalesce(sum(quantity), 0)::int AS units, count(DISTINCT user_id)::int AS buyers FROM ${table} WHERE sale_id = $1`,
    [saleId],
  );
  return rows[0];
}

/** Engine orders are written by the worker after the 202: settle waits until sales.sold reaches what Redis admitted. */
export function engineContender(engine: EngineUnderTest): Contender {
  const { fx, settings } = engine;
  return {
    name: 'engine',
    cpuGroups: async () => ({ ...engineCpuGroups(engine), postgres: await postgresBackends(fx.db) }),
    createSale: (stock, perUserLimit) => createBenchSale(engine, stock, perUserLimit),
    attemptUrl: (saleId) => attemptUrl(engine, saleId),
    async settle(saleId, stock) {
      const sampler = new SoldSampler(fx.db, saleId);
      sampler.start();
      try {
        return (await sampler.waitForDurable(() => admittedUnits(engine, saleId, stock), settings.durabilityTimeoutSec * 1_000)).atMs;
      } finally {
        sampler.stop();
      }
    },
    orders: (saleId) => orderCounts(fx.db, 'orders', saleId),
  };
}

/**
 * The baseline inserts before it answers 201, so its orders are there when the load ends, except for
 * requests the load generator gave up on (timeouts) that the server still finishes: wait until the
 * count stops moving.
 */
export function baselineContender(engine: EngineUnderTest, baseline: BaselineUnderTest): Contender {
  const orders = (saleId: number) => orderCounts(engine.fx.db, 'baseline.orders', saleId);
  return {
    name: 'baseline',
    cpuGroups: async () => ({ baseline: [baseline.process.pid], postgres: await postgresBackends(engine.fx.db) }),
    createSale: (stock, perUserLimit) => baseline.createSale(stock, perUserLimit),
    attemptUrl: (saleId) => baseline.attemptUrl(saleId),
    async settle(saleId) {
      const settledAt = performance.now();
      let last = -1;
      for (let rows = (await orders(saleId)).rows; rows !== last; rows = (await orders(saleId)).rows) {
        last = rows;
        await sleep(BASELINE_SETTLE_POLL_MS);
      }
      return settledAt;
    },
    orders,
  };
}
