// Holds lua/ against its TypeScript twins: runs a lua/includes/ fragment on a real Redis, and reads the
// outcome codes a script's header lists.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { inlineIncludes, luaScriptFiles } from '../../engine/platform/redis/lua-scripts.js';

/** A function that EVALs `body` (Lua over ARGV that returns a value) after the fragment's include line. */
export function fragmentCaller(redis: Redis, luaDir: string, fragment: string, body: string) {
  const source = inlineIncludes(luaDir, `includes/${fragment}.lua caller`, `--- @include "includes/${fragment}"\n${body}\n`);
  return (...args: (string | number)[]) => redis.eval(source, 0, ...args);
}

/**
 * The outcome codes of a script as [code, NAME] pairs, twice: from its header's "code: 0 NAME, 1 NAME, ..."
 * line and from the body's "local NAME, NAME = 0, 1" line.
 */
export function scriptCodes(luaDir: string, name: string): { header: [number, string][]; body: [number, string][] } {
  const file = luaScriptFiles(luaDir).find((f) => f.startsWith(`${name}-`))!;
  const source = readFileSync(join(luaDir, file), 'utf8');
  const header = (source.match(/^\s*code: (.*)$/m)?.[1] ?? '').split(', ').map((pair): [number, string] => {
    const [code, codeName] = pair.split(' ');
    return [Number(code), codeName];
  });
  const [, names = '', codes = ''] = source.match(/^local ([A-Z_]+(?:, [A-Z_]+)*) = (\d+(?:, \d+)*)$/m) ?? [];
  const values = codes.split(', ').map(Number);
  return { header, body: names.split(', ').map((codeName, i): [number, string] => [values[i], codeName]) };
}

/** A TypeScript enum's members as [code, SCREAMING_NAME] pairs (SoldOut -> SOLD_OUT). */
export function enumCodes(codes: Record<string, string | number>): [number, string][] {
  return Object.entries(codes)
    .filter(([, code]) => typeof code === 'number')
    .map(([key, code]) => [code as number, key.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()]);
}
