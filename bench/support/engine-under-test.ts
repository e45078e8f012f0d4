// The engine the bench loads: a private namespace (FlashSaleFixture), worker + scheduler + N edges,
// a pool of buyer tokens, and small helpers the scenarios share.
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { mintAccessToken } from '../../engine/auth/dev-token-issuer.js';
import { saleKeys } from '../../engine/sale/sale-keys.js';
import { freePort, startRole, type RoleName } from '../../test/support/engine-processes.js';
import { FlashSaleFixture } from '../../test/support/flash-sale-fixture.js';
import type { BenchSettings } from './bench-settings.js';
import type { CpuGroups } from './cpu-meter.js';
import { startListeningChild } from './listening-child.js';

export type Progress = (message: string) => void;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface EngineUnderTest {
  fx: FlashSaleFixture;
  settings: BenchSettings;
  redis: Redis;
  baseUrl: string;
  tokens: string[];
  /** each edge's metrics port (METRICS_PORT_BASE + 100 + EDGE_INDEX), where its /metrics is read */
  edgeMetricsUrls: string[];
  /** starts a role process (registered in fx.roles, so close() stops it) */
  startRole(role: RoleName, name: string, env?: NodeJS.ProcessEnv): Promise<void>;
  /** the last lines a role printed, for failure reports */
  outputTail(name: string): string;
  close(): Promise<void>;
}

const FIRST_BUYER_ID = 100_000;
const OUTPUT_TAIL_CHARS = 8_000;

/** `env` overrides the namespace's environment for every role (e.g. tracing settings). */
export async function startEngine(settings: BenchSettings, progress: Progress, env: NodeJS.ProcessEnv = {}): Promise<EngineUnderTest> {
  // the load generator is one loopback IP: the per-IP and per-user REST limits would measure themselves
  const fx = await FlashSaleFixture.start([], { IP_RATE_LIMIT_PER_SEC: '0', USER_RATE_LIMIT_PER_SEC: '0', ...env });
  const redis = new Redis(fx.ns.config.redisUrl);
  const tails = new Map<string, () => string>();
  const close = async () => {
    redis.disconnect();
    await fx.close();
  };
  const start = async (role: RoleName, name: string, env: NodeJS.ProcessEnv = fx.ns.env) => {
    const proc = await startRole(role, env);
    fx.roles.set(name, proc);
    tails.set(name, keepOutputTail(proc.child, proc.output()));
  };
  try {
    progress(`namespace ${fx.ns.name}: starting worker, scheduler and ${settings.edges} edge(s)`);
    await start('worker', 'worker');
    await start('scheduler', 'scheduler');
    const edgeEnv = edgeEnvironment(fx.ns.env, settings);
    const edgeMetricsUrls: string[] = [];
    for (let i = 1; i <= settings.edges; i++) {
      // each edge index 0 on a base of its own: only the edges serve /metrics (the namespace turns the rest off)
      const metricsPort = await freePort();
      await start('edge', `edge${i}`, { ...edgeEnv, METRICS_PORT_BASE: String(metricsPort - 100), EDGE_INDEX: '0' });
      edgeMetricsUrls.push(`http://127.0.0.1:${metricsPort}`);
    }
    progress(`minting ${settings.tokenPool} buyer tokens`);
    const tokens: string[] = [];
    for (let i = 0; i < settings.tokenPool; i++) {
      tokens.push(await mintAccessToken(fx.ns.config, { userId: FIRST_BUYER_ID + i, roles: ['buyer'], ttlSec: 3_600 }));
    }
    const baseUrl = `http://127.0.0.1:${fx.ns.config.http.port}`;
    return { fx, settings, redis, baseUrl, tokens, edgeMetricsUrls, startRole: start, outputTail: (name) => tails.get(name)?.() ?? '', close };
  } catch (err) {
    await close().catch(() => {});
    throw err;
  }
}

/**
 * startRole keeps all of a role's output in memory, and the engine logs a line per request at info: that
 * is hundreds of MB per run, and past V8's longest string in long ones. Keep a bounded tail instead.
 */
function keepOutputTail(child: ChildProcess, startup: string): () => string {
  let tail = startup.slice(-OUTPUT_TAIL_CHARS);
  for (const stream of [child.stdout, child.stderr]) {
    stream?.removeAllListeners('data');
    stream?.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-OUTPUT_TAIL_CHARS)));
  }
  return () => tail;
}

function edgeEnvironment(env: NodeJS.ProcessEnv, settings: BenchSettings): NodeJS.ProcessEnv {
  const options = [env.NODE_OPTIONS, settings.edgeNodeOptions];
  if (!settings.edgeCpuProfileDir) return { ...env, NODE_OPTIONS: options.filter(Boolean).join(' ') };
  rmSync(join(settings.edgeCpuProfileDir, 'profiling'), { force: true }); // left by an interrupted run
  const preload = new URL('./cpu-profile-preload.js', import.meta.url).href;
  options.push(`--import=${preload}`);
  return { ...env, NODE_OPTIONS: options.filter(Boolean).join(' '), BENCH_CPU_PROFILE_DIR: settings.edgeCpuProfileDir };
}

/** With BENCH_EDGE_CPU_PROFILE: starts, or stops and writes, a CPU profile in every edge (see cpu-profile-preload.ts). */
export async function setEdgeProfiling(engine: EngineUnderTest, on: boolean): Promise<void> {
  const dir = engine.settings.edgeCpuProfileDir;
  if (!dir) return;
  const control = join(dir, 'profiling');
  if (on) await writeFile(control, '');
  else await rm(control, { force: true });
  await sleep(500);
}

/**
 * A sale through the admin API. The API caps perUserLimit at 100, so a higher limit is written
 * straight into the Redis counters (admission reads only those; Postgres never checks the limit).
 */
export async function createBenchSale(engine: EngineUnderTest, stock: number, perUserLimit: number): Promise<number> {
  const saleId = await engine.fx.createSale({ stock, perUserLimit: Math.min(perUserLimit, 100) });
  if (perUserLimit > 100) await engine.redis.hset(saleKeys(engine.fx.ns.config.namespace, saleId).meta, 'limit', perUserLimit);
  return saleId;
}

/** Units Redis has admitted for a sale created with `stock`. */
export async function admittedUnits(engine: EngineUnderTest, saleId: number, stock: number): Promise<number> {
  const remaining = await engine.redis.hget(saleKeys(engine.fx.ns.config.namespace, saleId).meta, 'remaining');
  if (remaining === null) throw new Error(`sale ${saleId} has no Redis counters`);
  return stock - Number(remaining);
}

/** The engine processes whose CPU the bench reports. */
export function engineCpuGroups(engine: EngineUnderTest): CpuGroups {
  const roles = [...engine.fx.roles.values()];
  return {
    edge: roles.filter((r) => r.role === 'edge').map((r) => r.child.pid),
    worker: roles.filter((r) => r.role === 'worker').map((r) => r.child.pid),
  };
}

export function attemptUrl(engine: EngineUnderTest, saleId: number): string {
  return `${engine.baseUrl}/api/v1/sales/${saleId}/attempts`;
}

/** Starts bench/support/uws-hello.js on a port and waits until it listens. */
export function startHelloServer(port: number): Promise<ChildProcess> {
  return startListeningChild(fileURLToPath(new URL('./uws-hello.js', import.meta.url)), [String(port)]);
}
