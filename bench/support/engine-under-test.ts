// The engine the bench loads: a private namespace (FlashSaleFixture), worker + scheduler + N edges,
// a pool of buyer tokens, and small helpers the scenarios share.
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { mintAccessToken } from '../../engine/auth/dev-token-issuer.js';
import { saleKeys } from '../../engine/redis-keys.js';
import { startRole } from '../../test/support/engine-processes.js';
import { FlashSaleFixture } from '../../test/support/flash-sale-fixture.js';
import type { BenchSettings } from './bench-settings.js';
import { track } from './child-processes.js';
import type { CpuGroups } from './cpu-meter.js';

export type Progress = (message: string) => void;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface EngineUnderTest {
  fx: FlashSaleFixture;
  settings: BenchSettings;
  redis: Redis;
  baseUrl: string;
  tokens: string[];
  close(): Promise<void>;
}

const FIRST_BUYER_ID = 100_000;

export async function startEngine(settings: BenchSettings, progress: Progress): Promise<EngineUnderTest> {
  const fx = await FlashSaleFixture.start([]);
  const redis = new Redis(fx.ns.config.redisUrl);
  const close = async () => {
    redis.disconnect();
    await fx.close();
  };
  try {
    progress(`namespace ${fx.ns.name}: starting worker, scheduler and ${settings.edges} edge(s)`);
    fx.roles.set('worker', await startRole('worker', fx.ns.env));
    fx.roles.set('scheduler', await startRole('scheduler', fx.ns.env));
    const edgeEnv = edgeEnvironment(fx.ns.env, settings);
    for (let i = 1; i <= settings.edges; i++) {
      // a second apart, so edges are told apart on /metrics by process_start_time_seconds
      if (i > 1) await sleep(1_100);
      fx.roles.set(`edge${i}`, await startRole('edge', edgeEnv));
    }
    progress(`minting ${settings.tokenPool} buyer tokens`);
    const tokens: string[] = [];
    for (let i = 0; i < settings.tokenPool; i++) {
      tokens.push(await mintAccessToken(fx.ns.config, { userId: FIRST_BUYER_ID + i, roles: ['buyer'], ttlSec: 3_600 }));
    }
    return { fx, settings, redis, baseUrl: `http://127.0.0.1:${fx.ns.config.http.port}`, tokens, close };
  } catch (err) {
    await close().catch(() => {});
    throw err;
  }
}

function edgeEnvironment(env: NodeJS.ProcessEnv, settings: BenchSettings): NodeJS.ProcessEnv {
  const options = [env.NODE_OPTIONS, settings.edgeNodeOptions];
  if (!settings.edgeCpuProfileDir) return { ...env, NODE_OPTIONS: options.filter(Boolean).join(' ') };
  rmSync(join(settings.edgeCpuProfileDir, 'profiling'), { force: true }); // left by an interrupted run
  const preload = pathToFileURL(fileURLToPath(new URL('./cpu-profile-preload.js', import.meta.url))).href;
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
export async function startHelloServer(port: number): Promise<ChildProcess> {
  const script = fileURLToPath(new URL('./uws-hello.js', import.meta.url));
  const child = track(spawn(process.execPath, [script, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] }));
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 10_000;
  while (!output.includes('listening')) {
    if (child.exitCode !== null) throw new Error(`uws-hello exited early (${child.exitCode})`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('uws-hello did not listen within 10 s');
    }
    await sleep(25);
  }
  return child;
}
