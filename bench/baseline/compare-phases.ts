// The three phases bench:compare runs against each contender, with the same load settings:
//   throughput: admission with stock that never runs out (warm-up, then BENCH_DURATION s measured)
//   oversell:   the opening rush of a flash sale: every connection asks at once for a stock half as large,
//               then more attempts follow -> units sold beyond the stock
//   retry:      every request sent twice with the same Idempotency-Key -> orders beyond one per key
import type { EngineUnderTest, Progress } from '../support/engine-under-test.js';
import { runLoad, type LoadSummary } from '../support/load-run.js';
import { describe, measure, warmUp, type LoadShape, type Measured } from '../support/scenarios.js';
import type { Contender, OrderCounts } from './contenders.js';

export interface ThroughputFigures extends Measured {
  /** units that became order rows, of the measured run */
  units: number;
  /** units / (all of them order rows - load start) */
  durablePerSec: number;
}

export interface BurstFigures {
  stock: number;
  load: LoadSummary;
  orders: OrderCounts;
}

export interface ContenderFigures {
  throughput: ThroughputFigures;
  oversell: BurstFigures;
  retry: BurstFigures;
}

const LARGE_STOCK = 10_000_000;
/** high enough that no phase is refused by the per-user limit */
const PER_USER_LIMIT = 1_000;
export const OVERSELL_ATTEMPTS = 10_000;

/**
 * Fewer units than buyers in the opening rush, as in a real flash sale: the race between checking and
 * taking stock is run by the first wave of requests, not only by the few in flight when stock runs out.
 */
export function oversellStock(connections: number): number {
  return Math.max(1, Math.floor(connections / 2));
}

export const PHASES = {
  throughput: 'admission (stock never runs out)',
  oversell: 'oversell burst (stock = half the connections)',
  retry: 'retry (every request sent twice)',
} as const;

export async function runPhases(engine: EngineUnderTest, c: Contender, progress: Progress): Promise<ContenderFigures> {
  progress(`${c.name}: ${PHASES.throughput}, ${engine.settings.connections} connections, ${engine.settings.durationSec} s`);
  const throughput = await throughputPhase(engine, c, progress);
  const stock = oversellStock(engine.settings.connections);
  progress(`${c.name}: ${PHASES.oversell}: stock ${stock}, ${OVERSELL_ATTEMPTS} attempts`);
  const oversell = await burst(engine, c, progress, 'oversell', stock, OVERSELL_ATTEMPTS, 1);
  progress(`${c.name}: ${PHASES.retry}, ${engine.tokens.length} keys, one buyer per key`);
  const retry = await burst(engine, c, progress, 'retry', LARGE_STOCK, 2 * engine.tokens.length, 2);
  return { throughput, oversell, retry };
}

function attemptShape(engine: EngineUnderTest, c: Contender, saleId: number, keyPrefix: string, sendsPerKey = 1): LoadShape {
  return { url: c.attemptUrl(saleId), attempt: { tokens: engine.tokens, keyPrefix, sendsPerKey } };
}

async function throughputPhase(engine: EngineUnderTest, c: Contender, progress: Progress): Promise<ThroughputFigures> {
  const warmSale = await c.createSale(LARGE_STOCK, PER_USER_LIMIT);
  await warmUp(engine, progress, `${c.name} admission`, attemptShape(engine, c, warmSale, 'warm-'));
  await c.settle(warmSale, LARGE_STOCK);

  const saleId = await c.createSale(LARGE_STOCK, PER_USER_LIMIT);
  let startedAt = 0;
  const measured = await measure(engine, progress, `${c.name} admission`, await c.cpuGroups(), attemptShape(engine, c, saleId, 'k-'), () => {
    startedAt = performance.now();
  });
  const durableAt = await c.settle(saleId, LARGE_STOCK);
  const { units } = await c.orders(saleId);
  const durablePerSec = units / ((durableAt - startedAt) / 1_000);
  progress(`${c.name}: ${units} units are order rows, ${Math.round(durablePerSec)} durable orders/s`);
  return { ...measured, units, durablePerSec };
}

/** `amount` attempts as fast as the connections go, each key sent `sendsPerKey` times; then what became orders. */
async function burst(engine: EngineUnderTest, c: Contender, progress: Progress, name: string, stock: number, amount: number, sendsPerKey: number): Promise<BurstFigures> {
  const { connections, durationSec } = engine.settings;
  const saleId = await c.createSale(stock, PER_USER_LIMIT);
  const load = await runLoad({ ...attemptShape(engine, c, saleId, `${name}-`, sendsPerKey), connections, durationSec, amount });
  progress(describe(`${c.name} ${name}`, load));
  await c.settle(saleId, stock);
  const orders = await c.orders(saleId);
  progress(`${c.name} ${name}: ${orders.rows} orders, ${orders.units} units, ${orders.buyers} buyers`);
  return { stock, load, orders };
}
