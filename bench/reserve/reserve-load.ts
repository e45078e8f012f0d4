// Parent side of the reservation load generator: forks reserve-load-generator.js for one run.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ReserveLoadSpec {
  url: string;
  connections: number;
  durationSec: number;
  headers?: Record<string, string>;
  /** GET these paths (on the url's origin) in turn, e.g. different search queries */
  paths?: string[];
  /** POST reservations: one unit of skus[n % len], token n % len, a unique Idempotency-Key each */
  reserve?: { tokens: string[]; skus: number[]; keyPrefix: string };
}

export interface ReserveLoadSummary {
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  statuses: Record<string, number>;
  errors: number;
}

export type LoadReply = { ok: true; summary: ReserveLoadSummary } | { ok: false; error: string };

const generatorScript = fileURLToPath(new URL('./reserve-load-generator.js', import.meta.url));

export function runReserveLoad(spec: ReserveLoadSpec): Promise<ReserveLoadSummary> {
  return new Promise((resolve, reject) => {
    const child = fork(generatorScript, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: LoadReply | undefined;
    child.on('message', (reply: LoadReply) => (result = reply));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (result?.ok) resolve(result.summary);
      else reject(new Error(`load generator failed (${result && !result.ok ? result.error : `exit ${code ?? signal}`})`));
    });
    child.send(spec);
  });
}
