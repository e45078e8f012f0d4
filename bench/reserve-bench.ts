// `npm run bench:reserve`: reservations/s admitted and durably held (spread over many SKUs vs one hot
// SKU), p99, and the item listing and keyword search with vs without the read cache, in one run on a private engine
// (namespace, edge, worker, scheduler). Prints a table, appends a dated section to docs/benchmarks.md and
// saves the run in bench/results/. Knobs: BENCH_CONNECTIONS (200), BENCH_DURATION (10 s per scenario),
// BENCH_REPORT=0 to skip docs/benchmarks.md.
import { loadavg } from 'node:os';
import { appendBenchSection } from './support/report.js';
import { keepRun, runHeader, type SavedFigure } from './support/saved-runs.js';
import { mintAccessToken } from '../engine/auth/dev-token-issuer.js';
import { configVar } from '../engine/platform/config.js';
import { ReservationFixture } from '../test/reservation/reservation-fixture.js';
import { measureListing, measureReservations, type BenchOptions, type ListingFigures, type ReservationFigures } from './reserve/reserve-scenarios.js';
import { createSearchableItems, SEARCH_QUERIES } from './reserve/search-catalog.js';

const SPREAD_SKUS = 200;
const UNITS_PER_SKU = 1_000_000;
const TOKENS = 2_000;
const LISTED_ITEMS = 60;
const SEARCHABLE_ITEMS = 300;

const COMMAND = 'npm run bench:reserve';
const progress = (message: string) => process.stdout.write(`[bench] ${message}\n`);

const options: BenchOptions = {
  connections: configVar(process.env, 'BENCH_CONNECTIONS', 200),
  durationSec: configVar(process.env, 'BENCH_DURATION', 10),
  durableTimeoutSec: 180,
};

function others(statuses: Record<string, number>, errors: number): string {
  const parts = Object.entries(statuses).filter(([s]) => !s.startsWith('2') && s !== '304').map(([s, n]) => `${s}×${n}`);
  if (errors > 0) parts.push(`errors×${errors}`);
  return parts.join(', ') || 'none';
}

function render(reservations: ReservationFigures[], listings: ListingFigures[], searches: ListingFigures[]): string {
  const r = (n: number) => Math.round(n).toLocaleString('en-US');
  return [
    '| reservation scenario | requests/s | admitted/s | durably held/s | lag after load | p50 ms | p99 ms | other answers |',
    '|---|---|---|---|---|---|---|---|',
    ...reservations.map((f) =>
      `| ${f.name} (${f.skus} SKU${f.skus > 1 ? 's' : ''}) | ${r(f.load.rps)} | ${r(f.admittedPerSec)} | ${r(f.durablePerSec)} | ${r(f.durableLagMs)} ms | ${f.load.p50Ms} | ${f.load.p99Ms} | ${others(f.load.statuses, f.load.errors)} |`),
    '',
    '| listing `GET /api/v1/items?category=&size=20` | requests/s | p50 ms | p99 ms | other answers |',
    '|---|---|---|---|---|',
    ...listings.map((f) => `| ${f.name} | ${r(f.load.rps)} | ${f.load.p50Ms} | ${f.load.p99Ms} | ${others(f.load.statuses, f.load.errors)} |`),
    '',
    `| search \`GET /api/v1/items?q=…\` (${SEARCH_QUERIES.length} queries in turn, ${SEARCHABLE_ITEMS} named items) | requests/s | p50 ms | p99 ms | other answers |`,
    '|---|---|---|---|---|',
    ...searches.map((f) => `| ${f.name} | ${r(f.load.rps)} | ${f.load.p50Ms} | ${f.load.p99Ms} | ${others(f.load.statuses, f.load.errors)} |`),
  ].join('\n');
}

function savedFigures(reservations: ReservationFigures[], listings: ListingFigures[], searches: ListingFigures[]): SavedFigure[] {
  const engine = (label: string, value: number, unit: string): SavedFigure => ({ label, target: 'engine', value, unit });
  return [
    ...reservations.flatMap((f) => {
      const name = `reservations, ${f.name} (${f.skus} SKU${f.skus > 1 ? 's' : ''})`;
      return [
        engine(`${name}: requests/s`, f.load.rps, '/s'),
        engine(`${name}: admitted/s`, f.admittedPerSec, '/s'),
        engine(`${name}: durably held/s`, f.durablePerSec, '/s'),
        engine(`${name}: p99`, f.load.p99Ms, 'ms'),
      ];
    }),
    ...listings.flatMap((f) => [engine(`listing ${f.name}: requests/s`, f.load.rps, '/s'), engine(`listing ${f.name}: p99`, f.load.p99Ms, 'ms')]),
    ...searches.flatMap((f) => [engine(`search ${f.name}: requests/s`, f.load.rps, '/s'), engine(`search ${f.name}: p99`, f.load.p99Ms, 'ms')]),
  ];
}

async function run(fx: ReservationFixture): Promise<{ table: string; figures: SavedFigure[] }> {
  progress(`creating ${SPREAD_SKUS + 1} SKUs of ${UNITS_PER_SKU} units, ${LISTED_ITEMS} listed items and ${SEARCHABLE_ITEMS} searchable items`);
  const spread: number[] = [];
  // an item takes at most 50 values per option group: 50 SKUs per item
  for (let i = 0; i < SPREAD_SKUS / 50; i++) spread.push(...(await fx.item(new Array(50).fill(UNITS_PER_SKU))).skus.map((s) => s.id));
  const hot = (await fx.item([UNITS_PER_SKU])).skus[0].id;
  let categoryId = 0;
  for (let i = 0; i < LISTED_ITEMS; i++) categoryId = (await fx.item([10])).categoryId;
  await createSearchableItems(fx, SEARCHABLE_ITEMS);
  progress(`minting ${TOKENS} buyer tokens`);
  const tokens = await Promise.all(Array.from({ length: TOKENS }, (_, i) => mintAccessToken(fx.cat.config, { userId: 200_000 + i, roles: ['buyer'], ttlSec: 3_600 })));

  const reservations: ReservationFigures[] = [];
  for (const [name, skus] of [['spread', spread], ['contention', [hot]]] as const) {
    progress(`reservations, ${name}: ${options.connections} connections, ${options.durationSec} s`);
    reservations.push(await measureReservations(fx, name, [...skus], tokens, options));
  }
  const listings: ListingFigures[] = [];
  const searches: ListingFigures[] = [];
  const admin = await fx.cat.token(1, 'admin');
  const cacheModes = [['with cache (LRU + Redis)', true], ['without cache (an admin\'s Cache-Control: no-cache → Postgres)', false]] as const;
  for (const [name, cached] of cacheModes) {
    progress(`listing ${name}: ${options.connections} connections, ${options.durationSec} s`);
    listings.push(await measureListing(fx, name, [`/api/v1/items?category=${categoryId}&size=20`], cached, admin, options));
  }
  for (const [name, cached] of cacheModes) {
    progress(`search ${name}: ${options.connections} connections, ${options.durationSec} s`);
    searches.push(await measureListing(fx, name, SEARCH_QUERIES, cached, admin, options));
  }
  return { table: render(reservations, listings, searches), figures: savedFigures(reservations, listings, searches) };
}

// 2,000 buyers keep every unit they hold for the whole run: a cap this high never refuses, and the
// script still counts every hold against it (the cost measured is the capped path's)
const fx = await ReservationFixture.start(['edge', 'worker', 'scheduler'], { RESERVATION_MAX_HELD_UNITS_PER_USER: '1000000' });
let exitCode = 0;
try {
  const startedAt = new Date();
  const header = runHeader('reserve', COMMAND, startedAt);
  // the machine is shared: the 1-minute load average says how much else was running
  const load = loadavg()[0].toFixed(1);
  const { table, figures } = await run(fx);
  process.stdout.write(`\n${table}\n`);
  if (configVar(process.env, 'BENCH_REPORT')) {
    await appendBenchSection(
      startedAt,
      'reservations, catalog listing and search',
      `Command: \`${COMMAND}\` (BENCH_CONNECTIONS=${options.connections}, BENCH_DURATION=${options.durationSec}): one edge, one worker, one scheduler, ` +
        `PARTITIONS=${fx.cat.config.partitions}, autocannon in its own process on the same 2 cores. Every reservation holds one unit; ` +
        '"durably held/s" counts from the start of the load until the last admitted hold is a HELD row in Postgres. ' +
        `1-minute load average at the start: ${load} (2 cores; other processes share them).`,
      [table],
    );
    progress('appended to docs/benchmarks.md');
  }
  await keepRun({ ...header, ceilings: [], loads: [], figures }, progress);
} catch (err) {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? err}\n`);
  exitCode = 1;
} finally {
  await fx.close();
}
process.exit(exitCode);
