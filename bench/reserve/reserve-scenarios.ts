// The measured scenarios of `npm run bench:reserve`: reservation admission (spread over many SKUs, and
// one hot SKU) with the time until every admitted hold is durable in Postgres, and the item listing
// and keyword search with and without the read cache.
import type { ReservationFixture } from '../../test/reservation/reservation-fixture.js';
import { everySecond, printLine } from '../support/progress-ticker.js';
import { runReserveLoad, type ReserveLoadSummary } from './reserve-load.js';

export interface BenchOptions {
  connections: number;
  durationSec: number;
  durableTimeoutSec: number;
}

export interface ReservationFigures {
  name: string;
  skus: number;
  load: ReserveLoadSummary;
  admitted: number;
  admittedPerSec: number;
  /** admitted holds / seconds from load start until the last one was HELD in Postgres */
  durablePerSec: number;
  /** ms after the load ended until the last admitted hold was durable */
  durableLagMs: number;
}

export interface ListingFigures {
  name: string;
  load: ReserveLoadSummary;
}

const heldRows = async (fx: ReservationFixture) =>
  (await fx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM reservations WHERE state = 'HELD'`)).rows[0].n;

export async function measureReservations(
  fx: ReservationFixture,
  name: string,
  skus: number[],
  tokens: string[],
  options: BenchOptions,
): Promise<ReservationFigures> {
  const baseline = await heldRows(fx);
  const started = Date.now();
  const load = await runReserveLoad({
    url: `http://127.0.0.1:${fx.cat.config.http.port}/api/v1/reservations`,
    connections: options.connections,
    durationSec: options.durationSec,
    reserve: { tokens, skus, keyPrefix: `${name}-` },
  });
  const loadEnded = Date.now();
  const admitted = load.statuses['202'] ?? 0;
  const deadline = loadEnded + options.durableTimeoutSec * 1000;
  let held = 0;
  const stopTicking = everySecond(printLine, (sec) => `[durable] ${held} of ${admitted} admitted holds are HELD rows (${sec} s)`);
  try {
    while ((held = (await heldRows(fx)) - baseline) < admitted) {
      if (Date.now() > deadline) throw new Error(`${name}: holds not durable within ${options.durableTimeoutSec} s`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    stopTicking();
  }
  const durableAt = Date.now();
  return {
    name,
    skus: skus.length,
    load,
    admitted,
    // over the load's measured duration, the same one requests/s uses
    admittedPerSec: load.rps > 0 ? (admitted * load.rps) / load.requests : 0,
    durablePerSec: admitted / ((durableAt - started) / 1000),
    durableLagMs: durableAt - loadEnded,
  };
}

/** GETs `paths` in turn; `adminToken`: only an admin's `Cache-Control: no-cache` reads around the cache. */
export async function measureListing(fx: ReservationFixture, name: string, paths: string[], cached: boolean, adminToken: string, options: BenchOptions): Promise<ListingFigures> {
  const load = await runReserveLoad({
    url: `http://127.0.0.1:${fx.cat.config.http.port}${paths[0]}`,
    paths,
    connections: options.connections,
    durationSec: options.durationSec,
    headers: cached ? {} : { 'cache-control': 'no-cache', authorization: `Bearer ${adminToken}` },
  });
  return { name, load };
}
