// Bench knobs, read once from the environment with defaults that match the targets.
import { resolve } from 'node:path';
import { projectRoot } from '../../engine/platform/config.js';

export interface BenchSettings {
  edges: number;
  connections: number;
  durationSec: number;
  /** every load target (bare uWS, admission, sold-out) gets the same warm-up before it is measured */
  warmupSec: number;
  /** pre-minted buyer tokens, used round-robin */
  tokenPool: number;
  /** extra NODE_OPTIONS for the edge processes only */
  edgeNodeOptions: string;
  /** when set, V8 CPU profiles of the edges during the measured admission and sold-out runs go here */
  edgeCpuProfileDir: string | undefined;
  /** where the dated section goes; undefined when BENCH_REPORT=0 */
  reportFile: string | undefined;
  durabilityTimeoutSec: number;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

export function loadBenchSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  return {
    edges: positiveInt(env, 'BENCH_EDGES', 1),
    connections: positiveInt(env, 'BENCH_CONNECTIONS', 1_000),
    durationSec: positiveInt(env, 'BENCH_DURATION', 10),
    warmupSec: positiveInt(env, 'BENCH_WARMUP', 3),
    tokenPool: positiveInt(env, 'BENCH_TOKENS', 5_000),
    edgeNodeOptions: env.BENCH_EDGE_NODE_OPTIONS ?? '',
    edgeCpuProfileDir: env.BENCH_EDGE_CPU_PROFILE ? resolve(env.BENCH_EDGE_CPU_PROFILE) : undefined,
    reportFile: env.BENCH_REPORT === '0' ? undefined : resolve(projectRoot, 'docs/benchmarks.md'),
    durabilityTimeoutSec: positiveInt(env, 'BENCH_DURABILITY_TIMEOUT', 180),
  };
}
