// Bench knobs, read once from the environment with defaults that match the targets.
import { resolve } from 'node:path';
import { configVar, projectRoot } from '../../engine/platform/config.js';

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

export function loadBenchSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  return {
    edges: configVar(env, 'BENCH_EDGES'),
    connections: configVar(env, 'BENCH_CONNECTIONS', 1_000),
    durationSec: configVar(env, 'BENCH_DURATION', 10),
    warmupSec: configVar(env, 'BENCH_WARMUP'),
    tokenPool: configVar(env, 'BENCH_TOKENS', 5_000),
    edgeNodeOptions: configVar(env, 'BENCH_EDGE_NODE_OPTIONS'),
    edgeCpuProfileDir: configVar(env, 'BENCH_EDGE_CPU_PROFILE') ? resolve(configVar(env, 'BENCH_EDGE_CPU_PROFILE')) : undefined,
    reportFile: !configVar(env, 'BENCH_REPORT') ? undefined : resolve(projectRoot, 'docs/benchmarks.md'),
    durabilityTimeoutSec: configVar(env, 'BENCH_DURABILITY_TIMEOUT'),
  };
}
