// The load generator that costs the machine least: wrk (C, one thread) with bench/support/wrk/load.lua,
// which gives each attempt a unique Idempotency-Key and a token taken round-robin. It measures closed-loop
// loads, and offered rates: each connection waits a random time before each request (Poisson arrivals,
// the rate spread over the connections), where autocannon releases each second's quota at once. What it
// cannot do (a fixed number of requests, request bodies per request, per-second samples) stays with
// autocannon (load-run.ts picks).
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { track } from './child-processes.js';
import type { LoadSpec, LoadSummary } from './load-run.js';
import { everySecond, printLine } from './progress-ticker.js';

const script = fileURLToPath(new URL('../../../bench/support/wrk/load.lua', import.meta.url));
const CLOCK_TICKS_PER_SEC = 100;

/** Whether wrk is installed (the bootstrap installs it for the benches when it can). */
export function wrkAvailable(): boolean {
  return spawnSync('wrk', ['-v'], { stdio: 'ignore' }).error === undefined;
}

/** Whether wrk can run this load (one-unit attempts or GETs, for a time). */
export function wrkCanRun(spec: LoadSpec): boolean {
  return spec.amount === undefined && spec.attempt?.bodies === undefined;
}

interface WrkSummary {
  requests: number;
  durationUs: number;
  latencyUs: { mean: number; p50: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  statuses: Record<string, number>;
}

/** CPU seconds a process used so far (utime + stime from /proc), 0 once it is gone. */
function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SEC;
  } catch {
    return 0;
  }
}

export async function runWrkLoad(spec: LoadSpec, onStarted?: () => void): Promise<LoadSummary> {
  const dir = await mkdtemp(join(tmpdir(), 'gopang-wrk-'));
  try {
    const tokens = join(dir, 'tokens');
    const paths = join(dir, 'paths');
    await writeFile(tokens, (spec.attempt?.tokens ?? []).join('\n'));
    await writeFile(paths, (spec.attempt?.paths ?? []).join('\n'));
    const args = ['-t1', `-c${spec.connections}`, `-d${spec.durationSec}s`, '--timeout', '10s', '-s', script, spec.url, '--',
      spec.attempt ? 'attempt' : 'get', tokens, spec.attempt?.keyPrefix ?? 'wrk-', String(spec.attempt?.sendsPerKey ?? 1), spec.attempt?.paths ? paths : '-'];
    // the mean wait before each request of one connection that offers overallRate over all of them
    const env = spec.overallRate ? { ...process.env, WRK_MEAN_DELAY_MS: String((spec.connections * 1_000) / spec.overallRate) } : process.env;
    const child = track(spawn('wrk', args, { stdio: ['ignore', 'pipe', 'inherit'], env }));
    let output = '';
    let cpuSec = 0;
    const sampler = setInterval(() => (cpuSec = cpuSecondsOf(child.pid!) || cpuSec), 100);
    // wrk reports only at its end
    const stopTicking = everySecond(printLine, (sec) => `[load] wrk ${sec}/${spec.durationSec} s`);
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    onStarted?.();
    const code: number | null = await new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (c) => resolve(c));
    });
    clearInterval(sampler);
    stopTicking();
    const line = output.split('\n').find((l) => l.startsWith('WRK_SUMMARY '));
    if (code !== 0 || !line) throw new Error(`wrk failed (exit ${code}): ${output.slice(-500)}`);
    const s = JSON.parse(line.slice('WRK_SUMMARY '.length)) as WrkSummary;
    const durationSec = s.durationUs / 1e6;
    const ms = (us: number) => Math.round(us / 10) / 100;
    return {
      generator: 'wrk',
      requests: s.requests,
      sent: s.requests,
      durationSec,
      rps: s.requests / durationSec,
      latencyMs: { mean: ms(s.latencyUs.mean), p50: ms(s.latencyUs.p50), p99: ms(s.latencyUs.p99), max: ms(s.latencyUs.max) },
      statuses: s.statuses,
      errors: s.errors,
      timeouts: s.timeouts,
      cpuSec,
      samples: [],
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
