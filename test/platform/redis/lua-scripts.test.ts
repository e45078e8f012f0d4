// lua/ scripts agree with their names and headers, fragments stay pure functions, and the loader
// refuses a missing or circular include at load time (no Redis needed).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadConfig } from '../../../engine/platform/config.js';
import { headerKeys, luaScriptFiles, readLuaScript } from '../../../engine/platform/redis/lua-scripts.js';

const { luaDir } = loadConfig();

/** The highest `NAME[n]` in `text`, 0 when there is none. */
const highest = (text: string, name: string) => Math.max(0, ...[...text.matchAll(new RegExp(`${name}\\[(\\d+)\\]`, 'g'))].map((m) => Number(m[1])));
const splitHeader = (source: string) => {
  const header = source.match(/^--\[\[[\s\S]*?\]\]/)?.[0] ?? '';
  return { header, body: source.slice(header.length) };
};

describe('lua scripts', () => {
  const scripts = luaScriptFiles(luaDir);
  const fragments = readdirSync(join(luaDir, 'includes')).filter((f) => f.endsWith('.lua'));

  it('lua - every file is a script named verbNoun-<numKeys|n>.lua or a fragment under includes/', () => {
    assert.ok(scripts.length > 0);
    assert.deepEqual(readdirSync(luaDir).filter((f) => f !== 'includes' && f !== 'README.md' && !scripts.includes(f)), []);
  });

  it('lua - every header lists the KEYS its name counts and its body uses, and the ARGV it uses', () => {
    for (const file of scripts) {
      const script = readLuaScript(luaDir, file.replace(/-(\d+|n)\.lua$/, ''));
      const { header, body } = splitHeader(script.source);
      const keys = headerKeys(file, script.source);
      // a -n script: its fixed keys by number, the variable ones by index
      const named = file.endsWith('-n.lua') ? keys.fixed : Number(file.match(/-(\d+)\.lua$/)![1]);
      assert.deepEqual(keys, { fixed: named, variable: file.endsWith('-n.lua') }, `${file}: KEYS in header vs name`);
      assert.equal(highest(body, 'KEYS'), named, `${file}: KEYS in body (includes inlined) vs name`);
      assert.equal(highest(header, 'ARGV'), highest(body, 'ARGV'), `${file}: ARGV in header vs body`);
      assert.match(header, /Returns/, `${file}: header states the return shape`);
    }
  });

  it('lua - fragments take arguments (no KEYS or ARGV) and each is included by some script', () => {
    const sources = scripts.map((file) => readFileSync(join(luaDir, file), 'utf8')).join('\n') +
      fragments.map((f) => readFileSync(join(luaDir, 'includes', f), 'utf8')).join('\n');
    for (const fragment of fragments) {
      const { header, body } = splitHeader(readFileSync(join(luaDir, 'includes', fragment), 'utf8'));
      assert.ok(header, `includes/${fragment}: header comment`);
      assert.doesNotMatch(body, /\b(KEYS|ARGV)\[/, `includes/${fragment}: uses KEYS or ARGV`);
      assert.ok(sources.includes(`--- @include "includes/${fragment.replace(/\.lua$/, '')}"`), `includes/${fragment}: included nowhere`);
    }
  });
});

describe('lua script loader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lua-loader-'));
  mkdirSync(join(dir, 'includes'));
  const write = (path: string, text: string) => writeFileSync(join(dir, path), text);
  const script = (keys: number, body: string) =>
    `--[[\n  test\n${Array.from({ length: keys }, (_, i) => `  KEYS[${i + 1}] key\n`).join('')}  Returns 1\n]]\n${body}\n`;
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('loader - inlines includes recursively, each fragment once, in place of its include line', () => {
    write('includes/twice.lua', '--[[ shared ]]\nlocal function twice(x) return 2 * x end');
    write('includes/quad.lua', '--[[ uses twice ]]\n--- @include "includes/twice"\nlocal function quad(x) return twice(twice(x)) end');
    write('calc-1.lua', script(1, '--- @include "includes/twice"\n--- @include "includes/quad"\nreturn quad(tonumber(KEYS[1]))'));
    const loaded = readLuaScript(dir, 'calc');
    assert.equal(loaded.numberOfKeys, 1);
    assert.equal(loaded.file, 'calc-1.lua');
    assert.equal(loaded.source.split('local function twice').length, 2, 'twice inlined once');
    assert.ok(loaded.source.indexOf('local function twice') < loaded.source.indexOf('local function quad'));
    assert.doesNotMatch(loaded.source, /@include/);
  });

  it('loader - a missing or malformed include fails at load time', () => {
    write('lost-0.lua', script(0, '--- @include "includes/nowhere"\nreturn 1'));
    assert.throws(() => readLuaScript(dir, 'lost'), /include "includes\/nowhere" not found/);
    write('unquoted-0.lua', script(0, '--- @include includes/twice\nreturn 1'));
    assert.throws(() => readLuaScript(dir, 'unquoted'), /malformed include line: --- @include includes\/twice/);
  });

  it('loader - a circular include fails at load time, also through a fragment already inlined', () => {
    write('includes/ping.lua', '--[[ ping ]]\n--- @include "includes/pong"');
    write('includes/pong.lua', '--[[ pong ]]\n--- @include "includes/ping"');
    write('loop-0.lua', script(0, '--- @include "includes/ping"\nreturn 1'));
    assert.throws(() => readLuaScript(dir, 'loop'), /ping\.lua -> includes\/pong\.lua -> includes\/ping\.lua: circular include/);
    write('includes/self.lua', '--[[ self ]]\n--- @include "includes/self"');
    write('selfish-0.lua', script(0, '--- @include "includes/self"\nreturn 1'));
    assert.throws(() => readLuaScript(dir, 'selfish'), /circular include/);
  });

  it('loader - a -n script lists its fixed KEYS and one KEYS[k+i] line, and takes numkeys at call time', () => {
    write('batch-n.lua', script(2, 'return #KEYS').replace('  Returns', '  KEYS[2+i] key of item i\n  Returns'));
    const loaded = readLuaScript(dir, 'batch');
    assert.equal(loaded.numberOfKeys, undefined);
    assert.deepEqual(headerKeys(loaded.file, loaded.source), { fixed: 2, variable: true });
  });

  it('loader - a header whose KEYS disagree with the name fails at load time', () => {
    write('miscounted-2.lua', script(1, 'return KEYS[1]'));
    assert.throws(() => readLuaScript(dir, 'miscounted'), /lists 1 KEYS, the name says 2/);
    write('unbounded-n.lua', script(1, 'return KEYS[1]'));
    assert.throws(() => readLuaScript(dir, 'unbounded'), /numkeys is given at call time, the header lists no KEYS\[1\+i\] line/);
    write('bounded-1.lua', script(1, 'return KEYS[1]').replace('  Returns', '  KEYS[1+i] more\n  Returns'));
    assert.throws(() => readLuaScript(dir, 'bounded'), /lists KEYS\[1\+i\], the name says 1 keys \(name it bounded-n\.lua\)/);
    write('gapped-n.lua', script(1, 'return KEYS[1]').replace('  Returns', '  KEYS[3+i] more\n  Returns'));
    assert.throws(() => readLuaScript(dir, 'gapped'), /one KEYS\[1\+i\] line may follow KEYS\[1\.\.1\]/);
    assert.throws(() => readLuaScript(dir, 'absent'), /expected one lua\/absent-<numKeys>\.lua, found 0/);
  });
});
