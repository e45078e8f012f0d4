// Loads lua/<name>-<numKeys>.lua into ioredis as custom commands, as BullMQ's script loader does: each
// `--- @include "includes/<fragment>"` line is replaced by that fragment (recursively, each fragment once),
// and a missing or circular include throws, so a role fails at start-up rather than on its first call.
// ioredis hashes the inlined source and sends EVALSHA, falling back to EVAL on NOSCRIPT, so each script
// crosses the wire once per connection. A script over a variable number of keys is named <name>-n.lua: its
// header lists the fixed KEYS[1..k] and one `KEYS[k+i]` line, and its caller passes numkeys first.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isCluster, type RedisClient } from './redis-client.js';

export interface LuaScript {
  /** the command it defines, e.g. `admit` for lua/admit-n.lua */
  name: string;
  file: string;
  /** with every include inlined */
  source: string;
  /** from the file name; undefined for a `-n` script, whose caller passes numkeys as the first argument */
  numberOfKeys: number | undefined;
}

const SCRIPT_FILE = /^([A-Za-z]+)-(\d+|n)\.lua$/;
const INCLUDE_LINE = /^--- @include "([^"]+)"[ \t]*$/gm;
/** an include line that INCLUDE_LINE would not see, which would leave its functions undefined at run time */
const MALFORMED_INCLUDE = /^-+\s*@include(?! "[^"]+"[ \t]*$).*$/m;

/** The script files of `luaDir` (fragments under includes/ are not scripts). */
export function luaScriptFiles(luaDir: string): string[] {
  return readdirSync(luaDir).filter((file) => SCRIPT_FILE.test(file));
}

/**
 * The KEYS the header comment lists: `fixed` counts the `KEYS[n]` lines (numbered 1..n), and `variable` says
 * whether one `KEYS[n+i]` line follows them (a `-n` script's keys given at call time).
 */
export function headerKeys(file: string, source: string): { fixed: number; variable: boolean } {
  const header = source.match(/^--\[\[([\s\S]*?)\]\]/);
  if (!header) throw new Error(`lua/${file} has no header comment`);
  const numbers = [...header[1].matchAll(/^\s*KEYS\[(\d+)\]/gm)].map((m) => Number(m[1]));
  numbers.forEach((n, i) => {
    if (n !== i + 1) throw new Error(`lua/${file} header lists KEYS out of order`);
  });
  const variable = [...header[1].matchAll(/^\s*KEYS\[(\d+)\+[a-z]\]/gm)].map((m) => Number(m[1]));
  if (variable.length > 1 || (variable.length === 1 && variable[0] !== numbers.length)) {
    throw new Error(`lua/${file} header: one KEYS[${numbers.length}+i] line may follow KEYS[1..${numbers.length}]`);
  }
  return { fixed: numbers.length, variable: variable.length === 1 };
}

/**
 * Replaces each include line of `source` (the text of lua/`file`) by its fragment, read from `luaDir` with
 * `.lua` appended. A fragment already inlined is skipped, so two fragments may share a third.
 */
export function inlineIncludes(luaDir: string, file: string, source: string, inlined = new Set<string>(), chain: string[] = [file]): string {
  const malformed = source.match(MALFORMED_INCLUDE);
  if (malformed) throw new Error(`lua/${file}: malformed include line: ${malformed[0]}`);
  return source.replace(INCLUDE_LINE, (_line, path: string) => {
    const target = `${path}.lua`;
    // the chain is checked before `inlined`: a cycle must fail, not be skipped as already inlined
    if (chain.includes(target)) throw new Error(`lua/${[...chain, target].join(' -> ')}: circular include`);
    if (inlined.has(target)) return '';
    inlined.add(target);
    let fragment: string;
    try {
      fragment = readFileSync(join(luaDir, target), 'utf8');
    } catch (err) {
      throw new Error(`lua/${chain[chain.length - 1]}: include "${path}" not found (lua/${target})`, { cause: err });
    }
    return inlineIncludes(luaDir, target, fragment, inlined, [...chain, target]).trimEnd();
  });
}

/** Reads lua/<name>-<numKeys|n>.lua with its includes; throws when the header's KEYS disagree with the name. */
export function readLuaScript(luaDir: string, name: string): LuaScript {
  const files = luaScriptFiles(luaDir).filter((file) => SCRIPT_FILE.exec(file)![1] === name);
  if (files.length !== 1) throw new Error(`expected one lua/${name}-<numKeys>.lua, found ${files.length}`);
  const file = files[0];
  const named = SCRIPT_FILE.exec(file)![2];
  const raw = readFileSync(join(luaDir, file), 'utf8');
  const listed = headerKeys(file, raw);
  if (named === 'n') {
    if (!listed.variable) throw new Error(`lua/${file}: the name says numkeys is given at call time, the header lists no KEYS[${listed.fixed}+i] line`);
    return { name, file, source: inlineIncludes(luaDir, file, raw), numberOfKeys: undefined };
  }
  const numberOfKeys = Number(named);
  if (listed.variable) throw new Error(`lua/${file}: the header lists KEYS[${listed.fixed}+i], the name says ${numberOfKeys} keys (name it ${name}-n.lua)`);
  if (listed.fixed !== numberOfKeys) throw new Error(`lua/${file}: the header lists ${listed.fixed} KEYS, the name says ${numberOfKeys}`);
  return { name, file, source: inlineIncludes(luaDir, file, raw), numberOfKeys };
}

/** Registers the script as `redis[name](...keys, ...args)`, or `redis[name](numkeys, ...keys, ...args)` for a `-n` script. */
export function defineLuaCommand(redis: RedisClient, script: LuaScript): void {
  redis.defineCommand(script.name, { numberOfKeys: script.numberOfKeys, lua: script.source });
  // an auto-pipelined custom command goes to the node of its first argument's slot, and a -n script's first
  // argument is numkeys: on a cluster it goes unpipelined, routed by its first key as EVALSHA is
  if (script.numberOfKeys === undefined && isCluster(redis) && redis.options.enableAutoPipelining) {
    redis.options.autoPipeliningIgnoredCommands = [...(redis.options.autoPipeliningIgnoredCommands ?? []), script.name];
  }
}
