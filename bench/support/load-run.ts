// Parent side of the load generator: forks load-generator.js for one run and waits for its summary.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { configVar } from '../../engine/platform/config.js';
import { track } from './child-processes.js';
import type { SecondSample } from './per-second-samples.js';
import { runWrkLoad, wrkAvailable, wrkCanRun } from './wrk-load.js';

export interface LoadSpec {
  url: string;
  connections: number;
  durationSec: number;
  /** stop after this many requests instead of after durationSec */
  amount?: number;
  /**
   * POST attempts: bearer tokens used round-robin and a unique Idempotency-Key per request, or per
   * `sendsPerKey` consecutive requests (the same token and key sent again: a client's retry); with
   * `paths`, requests go round-robin to those paths (several sales, so several partitions); with
   * `bodies`, request n sends bodies[n % length] (orders), else a one-unit attempt
   */
  attempt?: { tokens: string[]; keyPrefix: string; paths?: string[]; sendsPerKey?: number; bodies?: string[] };
  /** open loop: requests per second offered in total, whatever the answers' latency */
  overallRate?: number;
  /**
   * per-second throughput and latency: true asks for them (autocannon only), false turns them off (to
   * measure what collecting them costs); unset: autocannon collects them, wrk cannot
   */
  perSecondSamples?: boolean;
}

export interface LoadSummary {
  /** which load generator produced the figures */
  generator: 'wrk' | 'autocannon';
  /** completed requests */
  requests: number;
  sent: number;
  durationSec: number;
  rps: number;
  latencyMs: { mean: number; p50: number; p99: number; max: number };
  /** answers by HTTP status */
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  /** CPU seconds the load generator itself used */
  cpuSec: number;
  /** one per second of the load, empty when perSecondSamples was off */
  samples: SecondSample[];
}

export type LoadReply = { started: true } | { ok: true; summary: LoadSummary } | { ok: false; error: string };

const generatorScript = fileURLToPath(new URL('./load-generator.js', import.meta.url));

/**
 * BENCH_GENERATOR: `wrk` (the default when it is installed: it costs the shared cores far less than
 * autocannon) or `autocannon`. Loads wrk cannot drive (a request count, per-request bodies)
 * run on autocannon either way; each summary says which generator produced it.
 */
export const preferredGenerator: 'wrk' | 'autocannon' =
  configVar(process.env, 'BENCH_GENERATOR', wrkAvailable() ? 'wrk' : 'autocannon');

/** Runs one load; `onStarted` fires when the generator is about to send the first request. */
export function runLoad(spec: LoadSpec, onStarted?: () => void): Promise<LoadSummary> {
  if (preferredGenerator === 'wrk' && wrkCanRun(spec) && spec.perSecondSamples !== true) return runWrkLoad(spec, onStarted);
  return runAutocannonLoad(spec, onStarted);
}

/** Runs one autocannon load in a child process. */
function runAutocannonLoad(spec: LoadSpec, onStarted?: () => void): Promise<LoadSummary> {
  return new Promise((resolve, reject) => {
    const child = track(fork(generatorScript, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    let result: Exclude<LoadReply, { started: true }> | undefined;
    child.on('message', (reply: LoadReply) => {
      if ('started' in reply) onStarted?.();
      else result = reply;
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (result?.ok) resolve(result.summary);
      else reject(new Error(`load generator failed (${result ? result.error : `exit ${code ?? signal} without a result`})`));
    });
    child.send(spec);
  });
}

/** Non-2xx answers by status, e.g. "409×1234, 503×2", or "none". */
export function non2xx(summary: LoadSummary): string {
  const parts = Object.entries(summary.statuses)
    .filter(([status]) => !status.startsWith('2'))
    .map(([status, count]) => `${status}×${count}`);
  if (summary.errors > 0) parts.push(`socket errors×${summary.errors}`);
  if (summary.timeouts > 0) parts.push(`timeouts×${summary.timeouts}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

export function countOf(summary: LoadSummary, status: number): number {
  return summary.statuses[String(status)] ?? 0;
}
