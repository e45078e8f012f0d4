// The Redis ceiling of admission: redis-benchmark running lua/admit-n.lua by EVALSHA, one attempt a call,
// against a sale that is open, with stock and per-user limit that never run out, so every call does the full work.
import { spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import type { EngineConfig } from '../../engine/platform/config.js';
import { readLuaScript } from '../../engine/platform/redis/lua-scripts.js';
import { saleKeys, type SaleMeta } from '../../engine/sale/sale-keys.js';
import { track } from './child-processes.js';

export interface RedisCeilingOptions {
  clients: number;
  requests: number;
  /** keyspace of __rand_int__ */
  randomRange: number;
  pipeline: number;
}

const RAND = '__rand_int__';
const HUGE = 1_000_000_000_000;

/** Runs one redis-benchmark and returns its "requests per second". `saleId` names a Redis-only sale. */
export async function measureRedisCeiling(config: EngineConfig, saleId: number, options: RedisCeilingOptions): Promise<number> {
  const script = readLuaScript(config.luaDir, 'admit');
  if (script.file !== 'admit-n.lua') throw new Error(`bench/support/redis-ceiling.ts calls lua/admit-n.lua, found lua/${script.file}: update the bench`);
  const keys = saleKeys(config.namespace, saleId);
  const redis = new Redis(config.redisUrl);
  let sha: string;
  try {
    await redis.hset(keys.meta, { remaining: HUGE, limit: HUGE, starts: 0, ends: Date.now() + 3_600_000 } satisfies SaleMeta);
    sha = (await redis.script('LOAD', script.source)) as string;
  } finally {
    redis.disconnect();
  }
  // same shapes as engine/sale/admission.ts, a batch of one: a random user, idempotency key, ticket id (UUIDv7-like) and admitted field
  const keyArgs = [keys.meta, keys.users, keys.pending, keys.tickets, keys.admitted, keys.idem(1, RAND)];
  const argv = [String(config.idempotencyTtlSec), RAND, '1', `019a0000-0000-7000-8000-${RAND}`, `${RAND}:${RAND}`, RAND];
  const args = [
    ...connectionArgs(config.redisUrl),
    '-c', String(options.clients),
    '-n', String(options.requests),
    '-r', String(options.randomRange),
    ...(options.pipeline > 1 ? ['-P', String(options.pipeline)] : []),
    '-q',
    'EVALSHA', sha, String(keyArgs.length), ...keyArgs, ...argv,
  ];
  const output = await run('redis-benchmark', args);
  const rates = [...output.matchAll(/([\d.]+) requests per second/g)];
  if (rates.length === 0) throw new Error(`redis-benchmark printed no "requests per second":\n${output}`);
  return Number(rates[rates.length - 1][1]);
}

function connectionArgs(redisUrl: string): string[] {
  const url = new URL(redisUrl);
  const args = ['-h', url.hostname || '127.0.0.1', '-p', url.port || '6379'];
  if (url.username) args.push('--user', decodeURIComponent(url.username));
  if (url.password) args.push('-a', decodeURIComponent(url.password), '--no-auth-warning');
  const db = url.pathname.slice(1);
  if (db) args.push('--dbnum', db);
  return args;
}

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = track(spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (err) => reject(new Error(`cannot run ${file}: ${err.message}`)));
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${file} exited with ${code}:\n${output}`))));
  });
}
