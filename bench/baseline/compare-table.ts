// The comparison table of bench:compare (metric | engine | baseline | engine ÷ baseline), the goal
// checks under it, and the dated section it appends to docs/benchmarks.md.
import { cpus } from 'node:os';
import type { BenchSettings } from '../support/bench-settings.js';
import { describeCores } from '../support/cpu-meter.js';
import { non2xx, type LoadSummary } from '../support/load-run.js';
import { gitDescription } from '../support/report.js';
import { OVERSELL_ATTEMPTS, oversellStock, type ContenderFigures } from './compare-phases.js';

export const COMPARE_COMMAND = 'npm run bench:compare';
export const GOAL_RATIO = 5;

export interface CompareFigures {
  settings: BenchSettings;
  startedAt: Date;
  loadAverage: number;
  ceilings: { redisLuaPerSec: number; redisClients: number; bareUwsPerSec: number };
  engine: ContenderFigures;
  baseline: ContenderFigures;
}

interface Row {
  metric: string;
  engine: string;
  baseline: string;
  ratio: string;
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ratio = (a: number, b: number) => (b === 0 ? '—' : `${(a / b).toFixed(2)}×`);
const ok = (s: LoadSummary) => Object.entries(s.statuses).reduce((sum, [status, n]) => (status.startsWith('2') ? sum + n : sum), 0);

/** Server-side CPU (the contender's processes, Redis, its Postgres backends) per accepted order, in µs. */
function cpuPerOrderUs(f: ContenderFigures): number {
  const { cores, load } = f.throughput;
  const server = Object.entries(cores).filter(([group]) => !['load generator', 'rest', 'machine'].includes(group));
  return (server.reduce((sum, [, busy]) => sum + busy, 0) / (ok(load) / load.durationSec)) * 1e6;
}

export const oversold = (f: ContenderFigures) => Math.max(0, f.oversell.orders.units - f.oversell.stock);
/** orders beyond one per Idempotency-Key: each key of the retry phase belongs to its own buyer */
export const duplicates = (f: ContenderFigures) => f.retry.orders.rows - f.retry.orders.buyers;

function rows(f: CompareFigures): Row[] {
  const { engine: e, baseline: b } = f;
  const te = e.throughput;
  const tb = b.throughput;
  const row = (metric: string, pick: (x: ContenderFigures) => number, show = int, withRatio = true): Row => ({
    metric,
    engine: show(pick(e)),
    baseline: show(pick(b)),
    ratio: withRatio ? ratio(pick(e), pick(b)) : '—',
  });
  const ms = (n: number) => `${n} ms`;
  const c = int(f.settings.connections);
  return [
    row(`attempts answered /s (${c} connections, stock never runs out)`, (x) => x.throughput.load.rps),
    row('orders accepted /s (2xx answers /s)', (x) => ok(x.throughput.load) / x.throughput.load.durationSec),
    row('durable orders /s (accepted units / time until all are order rows)', (x) => x.throughput.durablePerSec),
    row('latency p50 (lower is better)', (x) => x.throughput.load.latencyMs.p50, ms),
    row('latency p99 (lower is better)', (x) => x.throughput.load.latencyMs.p99, ms),
    { metric: 'admission answers that were not 2xx', engine: non2xx(te.load), baseline: non2xx(tb.load), ratio: '—' },
    row('server CPU per accepted order: own processes + Redis + Postgres backends (lower is better)', cpuPerOrderUs, (n) => `${int(n)} µs`),
    { metric: 'cores busy during admission', engine: describeCores(te.cores), baseline: describeCores(tb.cores), ratio: '—' },
    row(`oversell burst: units sold (stock ${int(oversellStock(f.settings.connections))}, ${int(OVERSELL_ATTEMPTS)} attempts)`, (x) => x.oversell.orders.units, int, false),
    row('**oversold units** (units sold − stock)', oversold, int, false),
    row('retry: orders for keys each sent twice (one key per buyer)', (x) => x.retry.orders.rows, int, false),
    row('**duplicate orders under retry** (orders beyond one per key)', duplicates, int, false),
  ];
}

interface Goal {
  goal: string;
  measured: string;
  met: boolean;
}

function goals(f: CompareFigures): Goal[] {
  const { engine: e, baseline: b } = f;
  const answered = e.throughput.load.rps / b.throughput.load.rps;
  const durable = e.throughput.durablePerSec / b.throughput.durablePerSec;
  return [
    { goal: `engine ≥ ${GOAL_RATIO}× the baseline's attempts answered /s`, measured: `${answered.toFixed(2)}×`, met: answered >= GOAL_RATIO },
    { goal: `engine ≥ ${GOAL_RATIO}× the baseline's durable orders /s`, measured: `${durable.toFixed(2)}×`, met: durable >= GOAL_RATIO },
    { goal: 'engine oversells 0 units', measured: int(oversold(e)), met: oversold(e) === 0 },
    { goal: 'engine makes 0 duplicate orders under retry', measured: int(duplicates(e)), met: duplicates(e) === 0 },
    { goal: 'the baseline is shown to oversell under the same load', measured: `${int(oversold(b))} units oversold`, met: oversold(b) > 0 },
  ];
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - [...text].length));
}

export function renderCompareTable(f: CompareFigures): string {
  const lines = [
    ['metric', 'engine', 'baseline', 'engine ÷ baseline'],
    ...rows(f).map((r) => [r.metric.replace(/\*\*/g, ''), r.engine, r.baseline, r.ratio]),
    ...goals(f).map((g) => [g.goal, g.measured, g.met ? 'MET' : 'NOT MET', '']),
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...lines.map((l) => [...l[i]].length)));
  return lines.map((l) => `  ${l.map((cell, i) => (i < 3 ? pad(cell, widths[i]) : cell)).join('  ')}`).join('\n');
}

/** The command paragraph and tables of the dated section. */
export function compareSection(f: CompareFigures): { command: string; body: string[] } {
  const st = f.settings;
  const command =
    `Command: \`${COMPARE_COMMAND}\` (bench/compare-bench.ts; BENCH_CONNECTIONS=${st.connections}, BENCH_DURATION=${st.durationSec} s, ` +
    `${st.warmupSec} s warm-up per contender, ${st.tokenPool} buyer tokens round-robin); ${gitDescription()}, Node ${process.version}, ` +
    `${cpus().length} cores, load average ${f.loadAverage.toFixed(2)} at the start.`;
  const body = [
    'The same flash sale two ways, one after the other in one session, same machine, same Redis and Postgres, same load generator ' +
      '(autocannon in its own process), same requests: `POST /api/v1/sales/:id/attempts` with a Bearer ES256 JWT, an Idempotency-Key and `{"quantity":1}`. ' +
      `**engine**: ${st.edges} uWS edge process(es) (JWT verified once per token, then cached; lua/admit-n.lua; JetStream) + worker + scheduler, answers 202 at admission, ` +
      'the worker writes the order rows in batches. **baseline** (bench/baseline/baseline-server.ts): one Express 4 process, `express.json()`, jose `jwtVerify` on every request, ' +
      'ioredis `MGET` stock and limit, `GET` the buyer\'s count, then `DECRBY` stock and `INCRBY` the buyer\'s count, then one `INSERT` per order through a pg Pool of 20 ' +
      '(sequential awaits, as most code reads), answers 201; no idempotency, no rate limit.',
    '',
    '| metric | engine | baseline | engine ÷ baseline |',
    '|---|---|---|---|',
    ...rows(f).map((r) => `| ${r.metric} | ${r.engine} | ${r.baseline} | ${r.ratio} |`),
    '',
    '| goal | measured | met |',
    '|---|---|---|',
    ...goals(f).map((g) => `| ${g.goal} | ${g.measured} | ${g.met ? 'yes' : 'no'} |`),
    '',
    `Ceilings measured in the same run: Redis running lua/admit-n.lua alone, one attempt a call, ${int(f.ceilings.redisLuaPerSec)} /s (redis-benchmark, ${f.ceilings.redisClients} clients, unpipelined); ` +
      `bare uWS GET hello ${int(f.ceilings.bareUwsPerSec)} req/s. Oversell burst: ${int(OVERSELL_ATTEMPTS)} attempts as fast as ${int(st.connections)} connections go ` +
      `against a stock of ${int(oversellStock(st.connections))} units, fewer than the buyers of the opening rush (the first request of every connection goes out at once), ` +
      'as when a flash sale opens; sold units are counted in Postgres after the engine\'s worker drained. ' +
      '(With a stock larger than the opening rush, the baseline oversells only by the few requests in flight when stock runs out: 0 to ~50 units in trials.) ' +
      'Retry: every request sent twice with the same ' +
      'Idempotency-Key, the second while the first is still in flight (a client that timed out and retried); one key per buyer, so duplicates = order rows − buyers. ' +
      'Per-second samples of every load are in bench/results/ (`npm run bench:report` draws them in docs/bench-report.html).',
  ];
  return { command, body };
}
