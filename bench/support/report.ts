// Turns the figures into a console table and a dated Markdown section of docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import { appendFile, access, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { projectRoot } from '../../engine/platform/config.js';
import type { BenchSettings } from './bench-settings.js';
import { describeCores } from './cpu-meter.js';
import { countOf, non2xx, type LoadSummary } from './load-run.js';
import type { DrainFigures } from './drain-scenario.js';
import type { PaymentWindowFigures } from './payment-window-scenario.js';
import { OPEN_LOOP_SHARE, type AdmissionFigures, type BareUwsFigures, type Measured, type OpenLoopFigures, type SoldOutFigures } from './scenarios.js';

export interface BenchFigures {
  settings: BenchSettings;
  startedAt: Date;
  /** 1-minute load average when the run started: other work on a shared machine shows here */
  loadAverage: number;
  redis: { clients: number; requests: number; plain: number; pipelined: number; pipeline: number };
  bareUws: BareUwsFigures;
  admission: AdmissionFigures;
  soldOut: SoldOutFigures;
  drain: DrainFigures;
  /** absent in runs saved before it was measured */
  paymentWindow?: PaymentWindowFigures;
  /** one per offered share, the OPEN_LOOP_SHARE first; absent in runs saved before it was measured */
  openLoops?: OpenLoopFigures[];
}

export const COMMAND = 'npm run bench:sale';

const INTRO = `# Benchmarks

Figures of \`${COMMAND}\` (bench/sale-bench.ts). Each run measures its own ceilings (Redis running
lua/admit-n.lua alone, a bare uWS hello world) on the same machine in the same run, because absolute
numbers drift a lot on shared machines: compare the ratios. Sections are appended, newest last.
`;

const int = (n: number) => Math.round(n).toLocaleString('en-US');
// rounded down, so a ratio printed as 0.80 never reads "not met"
const ratio = (n: number) => (Math.floor(n * 100) / 100).toFixed(2);
const latency = (s: LoadSummary) => `${s.latencyMs.p50} / ${s.latencyMs.p99} ms`;

interface Row {
  figure: string;
  value: string;
}

interface Target {
  target: string;
  measured: string;
  met: boolean;
}

function rows(f: BenchFigures): Row[] {
  const { admission: a, soldOut: s, bareUws: u } = f;
  const c = int(f.settings.connections);
  return [
    { figure: `Redis ceiling: admit.lua EVALSHA, ${f.redis.clients} clients, unpipelined`, value: `${int(f.redis.plain)} /s` },
    { figure: `Redis ceiling: same, pipelined ${f.redis.pipeline}`, value: `${int(f.redis.pipelined)} /s` },
    { figure: 'load generator (closed-loop loads)', value: generators(f) },
    { figure: `bare uWS GET hello, ${c} connections`, value: `${int(u.hello.load.rps)} req/s (p50 / p99 ${latency(u.hello.load)})` },
    { figure: 'bare uWS, the sold-out request stream (POST + JWT + key)', value: `${int(u.attemptShaped.load.rps)} req/s (p50 / p99 ${latency(u.attemptShaped.load)})` },
    { figure: `admission, ${c} connections`, value: `${int(a.load.rps)} req/s` },
    { figure: 'admission latency p50 / p99', value: latency(a.load) },
    { figure: 'admission answers: 202 / non-2xx', value: `${int(countOf(a.load, 202))} / ${non2xx(a.load)}` },
    { figure: 'admission units admitted in Redis', value: int(a.admittedUnits) },
    { figure: 'durable orders/s (admitted units / time to full durability)', value: `${int(a.durablePerSec)} /s` },
    { figure: 'durable orders/s, peak 1-s rise of sales.sold', value: `${int(a.peakDurablePerSec)} /s` },
    { figure: 'durability lag after the load stopped', value: `${a.drainSec.toFixed(1)} s` },
    { figure: `one worker draining a JetStream backlog of ${int(f.drain.backlogUnits)} tickets`, value: `${int(f.drain.drainPerSec)} /s (peak 1-s ${int(f.drain.peakDrainPerSec)} /s)` },
    ...(f.paymentWindow
      ? [
          { figure: `admitted -> PAID, ${int(f.paymentWindow.orders)} buyers paying at once`, value: `${int(f.paymentWindow.paidPerSec)} orders/s` },
          { figure: `units back on sale, ${int(f.paymentWindow.orders)} windows closing at once`, value: `${int(f.paymentWindow.returnedPerSec)} /s` },
        ]
      : []),
    ...(f.openLoops ?? []).flatMap((o) => [
      { figure: `admission, ${int(o.offeredRate)} /s offered (open loop, ${o.share} × the closed-loop rate, ${o.load.generator ?? 'autocannon'})`, value: `${int(o.load.rps)} req/s (p50 / p99 ${latency(o.load)}), non-2xx: ${non2xx(o.load)}` },
      { figure: `durability lag after the ${int(o.offeredRate)} /s open-loop load`, value: `${o.drainSec.toFixed(1)} s` },
    ]),
    { figure: `sold-out, ${c} connections`, value: `${int(s.load.rps)} req/s` },
    { figure: 'sold-out latency p50 / p99', value: latency(s.load) },
    { figure: 'sold-out answers: 409 / others', value: `${int(countOf(s.load, 409))} / ${otherThan(s.load, 409)}` },
    { figure: 'sold-out fast-path counter rise / answers', value: `${int(s.fastPathDelta)} / ${int(s.load.requests)}` },
    { figure: 'server CPU per answer: bare uWS GET / attempt-shaped', value: `${perAnswer(u.hello, 'uWS hello')} / ${perAnswer(u.attemptShaped, 'uWS hello')}` },
    { figure: 'server CPU per answer: edge sold-out / admission', value: `${perAnswer(s, 'edge')} / ${perAnswer(a, 'edge')}` },
    { figure: 'load-generator CPU per request: GET / attempt', value: `${perAnswer(u.hello, 'load generator')} / ${perAnswer(s, 'load generator')}` },
    { figure: 'cores busy, bare uWS GET', value: describeCores(u.hello.cores) },
    { figure: 'cores busy, bare uWS attempt-shaped', value: describeCores(u.attemptShaped.cores) },
    { figure: 'cores busy, admission', value: describeCores(a.cores) },
    { figure: 'cores busy, sold-out', value: describeCores(s.cores) },
    ...(f.openLoops ?? []).flatMap((o) => [
      { figure: `server CPU per answer: edge / Postgres, admission at ${int(o.offeredRate)} /s open loop`, value: `${perAnswer(o, 'edge')} / ${perAnswer(o, 'postgres')}` },
      { figure: `cores busy, admission at ${int(o.offeredRate)} /s open loop`, value: describeCores(o.cores) },
    ]),
  ];
}

/** Which generator drove the closed-loop loads (older saved runs say nothing: autocannon then). */
function generators(f: BenchFigures): string {
  const loads = [f.bareUws.hello.load, f.bareUws.attemptShaped.load, f.admission.load, f.soldOut.load];
  return [...new Set(loads.map((l) => l.generator ?? 'autocannon'))].join(', ');
}

/** CPU microseconds a process group spent per answer during a run. */
function cpuPerAnswer(m: Measured, group: string): number {
  return (m.cores[group] / m.load.rps) * 1e6;
}

function perAnswer(m: Measured, group: string): string {
  return `${cpuPerAnswer(m, group).toFixed(1)} µs`;
}

function otherThan(s: LoadSummary, status: number): string {
  const others = Object.entries(s.statuses).filter(([code]) => code !== String(status));
  const parts = others.map(([code, count]) => `${code}×${count}`);
  if (s.errors > 0) parts.push(`socket errors×${s.errors}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

function targets(f: BenchFigures): Target[] {
  const { admission: a, soldOut: s } = f;
  const c = int(f.settings.connections);
  const plain = a.load.rps / f.redis.plain;
  const pipelined = a.load.rps / f.redis.pipelined;
  const uws = s.load.rps / f.bareUws.hello.load.rps;
  const sameStream = s.load.rps / f.bareUws.attemptShaped.load.rps;
  const admissionToSoldOut = a.load.rps / s.load.rps;
  const edgeCpu = cpuPerAnswer(a, 'edge') / cpuPerAnswer(f.bareUws.attemptShaped, 'uWS hello');
  const open = f.openLoops?.find((o) => o.share === OPEN_LOOP_SHARE);
  return [
    { target: 'issue #17: admission ≥ 0.7 × sold-out (same run, same generator)', measured: ratio(admissionToSoldOut), met: admissionToSoldOut >= 0.7 },
    { target: 'issue #17: sold-out ≥ 0.9 × bare uWS (same request stream)', measured: ratio(sameStream), met: sameStream >= 0.9 },
    { target: 'issue #17: edge CPU per admission ≤ 2 × bare uWS per request', measured: ratio(edgeCpu), met: edgeCpu <= 2 },
    ...(open
      ? [
          { target: `issue #17: admission p99 < 10 ms at ${int(open.offeredRate)} /s offered (open loop)`, measured: `${open.load.latencyMs.p99} ms`, met: open.load.latencyMs.p99 < 10 },
          { target: 'issue #17: durability lag < 1 s after the open-loop load', measured: `${open.drainSec.toFixed(2)} s`, met: open.drainSec < 1 },
        ]
      : []),
    { target: 'admission ≥ 0.5 × Redis ceiling (unpipelined)', measured: ratio(plain), met: plain >= 0.5 },
    { target: `admission ≥ 0.5 × Redis ceiling (pipelined ${f.redis.pipeline})`, measured: ratio(pipelined), met: pipelined >= 0.5 },
    { target: 'sold-out ≥ 0.8 × bare uWS (GET hello)', measured: ratio(uws), met: uws >= 0.8 },
    { target: 'sold-out ≥ 0.8 × bare uWS (same request stream; not in the issue)', measured: ratio(sameStream), met: sameStream >= 0.8 },
    { target: `admission p99 < 20 ms at ${c} connections`, measured: `${a.load.latencyMs.p99} ms`, met: a.load.latencyMs.p99 < 20 },
    { target: `sold-out p99 < 20 ms at ${c} connections`, measured: `${s.load.latencyMs.p99} ms`, met: s.load.latencyMs.p99 < 20 },
    { target: '≥ 25,000 durable orders/s (during admission)', measured: `${int(a.durablePerSec)} /s (peak ${int(a.peakDurablePerSec)} /s)`, met: a.durablePerSec >= 25_000 },
    { target: '≥ 25,000 durable orders/s (worker draining a backlog; not the issue\'s measure)', measured: `${int(f.drain.drainPerSec)} /s`, met: f.drain.drainPerSec >= 25_000 },
    { target: 'admission: no non-2xx answers', measured: non2xx(a.load), met: non2xx(a.load) === 'none' },
    {
      target: 'sold-out: every answer a 409 from memory',
      measured: `${int(countOf(s.load, 409))} of ${int(s.load.requests)} answers 409, fast path +${int(s.fastPathDelta)}`,
      met: countOf(s.load, 409) === s.load.requests && s.fastPathDelta >= s.load.requests,
    },
  ];
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - [...text].length));
}

export function renderTable(f: BenchFigures): string {
  const all = [...rows(f), ...targets(f).map((t) => ({ figure: t.target, value: `${t.measured}  ${t.met ? 'MET' : 'NOT MET'}` }))];
  const width = Math.max(...all.map((r) => [...r.figure].length));
  return all.map((r) => `  ${pad(r.figure, width)}  ${r.value}`).join('\n');
}

/** The commit a bench ran on, marked when the tree had uncommitted changes. */
export function gitDescription(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: projectRoot }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: projectRoot }).toString().trim() !== '';
    return dirty ? `${commit} + uncommitted changes` : commit;
  } catch {
    return 'unknown commit';
  }
}

export function renderMarkdown(f: BenchFigures): string {
  const { settings: st } = f;
  const when = f.startedAt.toISOString().slice(0, 16).replace('T', ' ');
  return [
    `## ${when} UTC`,
    '',
    `Command: \`${COMMAND}\` (${st.edges} edge process(es), BENCH_CONNECTIONS=${st.connections}, BENCH_DURATION=${st.durationSec} s,`
      + ` ${st.warmupSec} s warm-up per target, ${st.tokenPool} buyer tokens round-robin, a unique Idempotency-Key per request);`
      + ` ${gitDescription()}, Node ${process.version}.`,
    '',
    `Machine: ${cpus().length} cores, everything on loopback, load average ${f.loadAverage.toFixed(2)} when the run started.`
      + ' The load generators (autocannon 8 in its own child process, and redis-benchmark) run on the same machine and take CPU'
      + ' from the engine (edge, worker, scheduler, Redis, NATS, Postgres), so every figure is below what the engine does with a'
      + ' separate client machine; the ceilings pay the same tax.',
    '',
    '| figure | value |',
    '|---|---|',
    ...rows(f).map((r) => `| ${r.figure} | ${r.value} |`),
    '',
    '| target | measured | met |',
    '|---|---|---|',
    ...targets(f).map((t) => `| ${t.target} | ${t.measured} | ${t.met ? 'yes' : 'no'} |`),
    '',
  ].join('\n');
}

export async function appendReport(file: string, f: BenchFigures): Promise<void> {
  const exists = await access(file).then(() => true, () => false);
  if (!exists) await writeFile(file, INTRO);
  await appendFile(file, `\n${renderMarkdown(f)}`);
}

/**
 * Appends one dated section to docs/benchmarks.md in a single write (benches may run side by side):
 * `## <start, UTC> — <title>`, then the command paragraph and the body lines.
 */
export async function appendBenchSection(startedAt: Date, title: string, command: string, body: string[]): Promise<void> {
  const heading = `## ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC — ${title}`;
  const section = ['', heading, '', command, '', ...body, ''].join('\n');
  await appendFile(resolve(projectRoot, 'docs/benchmarks.md'), section);
}
