// The auth bench's console table, its dated section of docs/benchmarks.md (appended in one write, then
// re-read: another bench may append to the same file) and the figures of its saved run.
import { appendFile, readFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { gitDescription } from '../support/report.js';
import type { SavedFigure } from '../support/saved-runs.js';
import type { CodeExchangeFigures } from './code-exchange.js';
import type { StormFigures } from './login-storm.js';
import type { PingLoadSummary } from './ping-load.js';

export const COMMAND = 'npm run bench:auth';

export interface AuthBenchFigures {
  startedAt: Date;
  connections: number;
  durationSec: number;
  rounds: number;
  tokens: number;
  scryptCost: number;
  hashThreads: number;
  withoutAuth: PingLoadSummary;
  withAuth: PingLoadSummary;
  firstSightVerifyPerSec: number;
  piscina: StormFigures;
  mainThread: StormFigures;
  stormConcurrency: number;
  codeExchange: CodeExchangeFigures;
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const load = (s: PingLoadSummary) => `${int(s.rps)} req/s (p50 / p99 ${s.p50} / ${s.p99} ms, non-2xx ${s.non2xx}, errors ${s.errors})`;
const storm = (s: StormFigures) => `${s.perSec.toFixed(1)} logins/s (${s.logins} in ${s.seconds.toFixed(1)} s); loop delay p50 / p99 / max ${s.loopDelayMs.p50} / ${s.loopDelayMs.p99} / ${s.loopDelayMs.max} ms`;

/** The figures of the saved run: the ping loads and the storms side by side, one column per variant. */
export function authFigures(f: AuthBenchFigures): SavedFigure[] {
  const ping = `GET /api/v1/auth/ping, ${f.connections} connections`;
  const stormLabel = `login storm, scrypt N=${f.scryptCost}, ${f.stormConcurrency} concurrent`;
  return [
    { label: `${ping}: answers/s`, target: 'no auth', value: f.withoutAuth.rps, unit: '/s' },
    { label: `${ping}: answers/s`, target: 'verified token', value: f.withAuth.rps, unit: '/s' },
    { label: `${ping}: p99`, target: 'no auth', value: f.withoutAuth.p99, unit: 'ms' },
    { label: `${ping}: p99`, target: 'verified token', value: f.withAuth.p99, unit: 'ms' },
    { label: 'first-sight ES256 verifications (uncached), one process', target: 'verified token', value: f.firstSightVerifyPerSec, unit: '/s' },
    { label: `${stormLabel}: logins/s`, target: 'piscina', value: f.piscina.perSec, unit: '/s' },
    { label: `${stormLabel}: logins/s`, target: 'main thread', value: f.mainThread.perSec, unit: '/s' },
    { label: `${stormLabel}: event-loop delay p99`, target: 'piscina', value: f.piscina.loopDelayMs.p99, unit: 'ms' },
    { label: `${stormLabel}: event-loop delay p99`, target: 'main thread', value: f.mainThread.loopDelayMs.p99, unit: 'ms' },
    { label: `POST /oauth/token code exchanges, ${f.codeExchange.concurrency} concurrent`, target: 'auth module', value: f.codeExchange.perSec, unit: '/s' },
  ];
}

function rows(f: AuthBenchFigures): [string, string][] {
  return [
    [`GET /api/v1/auth/ping, tokens in an ignored header (no auth), ${f.connections} connections`, load(f.withoutAuth)],
    [`same requests with the tokens as Authorization (${f.tokens} tokens round-robin, verified locally)`, load(f.withAuth)],
    ['first-sight ES256 verification in one process (uncached)', `${int(f.firstSightVerifyPerSec)} /s`],
    [`login rate: login storm, scrypt N=${f.scryptCost} in piscina (${f.hashThreads} thread(s)), ${f.stormConcurrency} concurrent`,
      `${storm(f.piscina)}; ${(f.piscina.perSec / f.hashThreads).toFixed(1)} logins/s per thread`],
    [`login storm, scrypt N=${f.scryptCost} on the main thread, ${f.stormConcurrency} concurrent`, storm(f.mainThread)],
    [`POST /oauth/token authorization_code + PKCE (auth module), ${f.codeExchange.concurrency} concurrent`,
      `${f.codeExchange.perSec.toFixed(1)} codes/s (${f.codeExchange.exchanges} in ${f.codeExchange.seconds.toFixed(1)} s, failures ${f.codeExchange.failures})`],
  ];
}

function targets(f: AuthBenchFigures): [string, string, boolean][] {
  const ratio = f.withAuth.rps / f.withoutAuth.rps;
  return [
    ['verified route ≥ 0.9 × the same route without auth', ratio.toFixed(2), ratio >= 0.9],
    ['event-loop delay p99 < 10 ms during a login storm (piscina)', `${f.piscina.loopDelayMs.p99} ms`, f.piscina.loopDelayMs.p99 < 10],
  ];
}

export function renderTable(f: AuthBenchFigures): string {
  const all: [string, string][] = [...rows(f), ...targets(f).map(([t, m, met]): [string, string] => [t, `${m}  ${met ? 'MET' : 'NOT MET'}`])];
  const width = Math.max(...all.map(([name]) => name.length));
  return all.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`).join('\n');
}

function renderMarkdown(f: AuthBenchFigures): string {
  const when = f.startedAt.toISOString().slice(0, 16).replace('T', ' ');
  return [
    `## ${when} UTC — auth`,
    '',
    `Command: \`${COMMAND}\` (bench/auth-bench.ts; one edge, no auth module running for the ping loads; BENCH_CONNECTIONS=${f.connections},`
      + ` BENCH_DURATION=${f.durationSec} s per load after a warm-up, BENCH_ROUNDS=${f.rounds} alternated rounds, best of each); ${gitDescription()}, Node ${process.version}, ${cpus().length} cores,`
      + ' autocannon on the same machine. The login storms run in the bench process against the real account service'
      + ' (Postgres, Redis, signing), sampling that process\'s event-loop delay. The auth module starts after them for the code exchanges.',
    '',
    '| figure | value |',
    '|---|---|',
    ...rows(f).map(([name, value]) => `| ${name} | ${value} |`),
    '',
    '| target | measured | met |',
    '|---|---|---|',
    ...targets(f).map(([t, m, met]) => `| ${t} | ${m} | ${met ? 'yes' : 'no'} |`),
    '',
  ].join('\n');
}

export async function appendReport(file: string, f: AuthBenchFigures): Promise<void> {
  const section = `\n${renderMarkdown(f)}`;
  await appendFile(file, section);
  if (!(await readFile(file, 'utf8')).includes(section)) throw new Error(`${file}: the appended section is not there`);
}
