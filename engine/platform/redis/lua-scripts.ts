// Loads lua/*.lua into ioredis as custom commands. ioredis sends EVALSHA and falls back to EVAL
// on NOSCRIPT, so each script crosses the wire once per connection. The number of keys is read
// from the script's own header, so the header and the call can never disagree.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cluster, Redis } from 'ioredis';

/** A single Redis or a Redis Cluster: every script keeps its keys in one slot (one hash tag), so both run them. */
export type RedisClient = Redis | Cluster;

export interface LuaScript {
  name: string;
  source: string;
  numberOfKeys: number;
}

/** Counts the `KEYS[n]` lines of the header comment (they must be numbered 1..n). */
export function headerKeyCount(name: string, source: string): number {
  const header = source.match(/^--\[\[([\s\S]*?)\]\]/);
  if (!header) throw new Error(`lua/${name} has no header comment`);
  const numbers = [...header[1].matchAll(/^\s*KEYS\[(\d+)\]/gm)].map((m) => Number(m[1]));
  numbers.forEach((n, i) => {
    if (n !== i + 1) throw new Error(`lua/${name} header lists KEYS out of order`);
  });
  return numbers.length;
}

/** Reads `lua/<name>-<numKeys>.lua` (BullMQ's naming); `name` is the command it defines. */
export function readLuaScript(luaDir: string, name: string): LuaScript {
  const file = readdirSync(luaDir).find((f) => f.replace(/-\d+\.lua$/, '') === name && f !== name);
  if (!file) throw new Error(`lua/${name}-<numKeys>.lua not found`);
  const source = readFileSync(join(luaDir, file), 'utf8');
  return { name, source, numberOfKeys: headerKeyCount(file, source) };
}

/** Registers the script as `redis[name](...keys, ...args)`. */
export function defineLuaCommand(redis: RedisClient, script: LuaScript): void {
  redis.defineCommand(script.name, { numberOfKeys: script.numberOfKeys, lua: script.source });
}
