// README and docs describe what the code reads (issue #19, "Docs drift"): docs/configuration.md is the
// schema rendered (`npm run docs:config`), every environment variable any source reads has an entry in
// the schema, every entry is read somewhere, and the README names no variable the schema lacks.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CONFIG_SCHEMA } from '../../engine/platform/config-schema.js';
import { projectRoot } from '../../engine/platform/config.js';
import { CONFIGURATION_DOC, configurationReference } from '../../scripts/configuration-reference.js';

/** Where variables are read: the roles, the workers, benches, scripts (bootstrap included) and the tests. */
const SOURCE_DIRS = ['engine', 'edge', 'workers', 'bench', 'scripts', 'test'];
/** The operating system's and Node's own, read where a child process is spawned. */
const SYSTEM = new Set(['PATH', 'NODE_OPTIONS']);
/** The schema itself, and this file (whose comments show the patterns). */
const SKIPPED = new Set(['engine/platform/config-schema.ts', 'test/ops/configuration-reference.test.ts']);

/** Each way a source reads a variable: `process.env.X`, `env.X`, `env['X']`, `helper(env, 'X'…)`, `required('X')`, `envVar: 'X'`. */
const READS = [
  /\benv\.([A-Z][A-Z0-9_]+)\b/g,
  /\benv\[\s*['"`]([A-Z][A-Z0-9_]+)['"`]\s*\]/g,
  /\(\s*(?:process\.)?env\s*,\s*['"`]([A-Z][A-Z0-9_]+)['"`]/g,
  /\brequired\(\s*['"`]([A-Z][A-Z0-9_]+)['"`]\s*\)/g,
  /\benvVar:\s*['"`]([A-Z][A-Z0-9_]+)['"`]/g,
];

function sources(): { file: string; text: string }[] {
  return SOURCE_DIRS.flatMap((dir) =>
    readdirSync(join(projectRoot, dir), { recursive: true, encoding: 'utf8' })
      .filter((entry) => /\.(ts|mjs|js)$/.test(entry) && !entry.endsWith('.d.ts') && !entry.includes('node_modules') && !entry.startsWith('k6'))
      .map((entry) => `${dir}/${entry.split('\\').join('/')}`)
      .filter((file) => !SKIPPED.has(file))
      .map((file) => ({ file, text: readFileSync(join(projectRoot, file), 'utf8') })),
  );
}

const declared = new Set(Object.keys(CONFIG_SCHEMA));

describe('configuration reference (docs/configuration.md, README)', () => {
  it('docs - docs/configuration.md is the schema rendered: run `npm run docs:config` after changing the schema', () => {
    const committed = readFileSync(join(projectRoot, CONFIGURATION_DOC), 'utf8');
    assert.equal(committed, configurationReference(), `${CONFIGURATION_DOC} differs from engine/platform/config-schema.ts: run npm run docs:config`);
  });

  it('docs - every environment variable a source reads is declared in the schema', () => {
    const undeclared: string[] = [];
    for (const { file, text } of sources()) {
      for (const pattern of READS) {
        for (const [, name] of text.matchAll(pattern)) {
          if (!declared.has(name) && !SYSTEM.has(name)) undeclared.push(`${file}: ${name}`);
        }
      }
    }
    assert.deepEqual([...new Set(undeclared)], [], 'add an entry to engine/platform/config-schema.ts for each');
  });

  it('docs - the scan sees the ways sources read variables (it is not vacuous)', () => {
    const found = new Set<string>();
    for (const { text } of sources()) for (const pattern of READS) for (const [, name] of text.matchAll(pattern)) found.add(name);
    for (const name of ['BOOTSTRAP_FORCE_PRIVATE', 'ROLE_NODE_ARGS', 'HOSTILE_SEED', 'BENCH_CONNECTIONS', 'WS_BENCH_PUSHES', 'BASELINE_PORT', 'DATABASE_URL', 'BENCH_CPU_PROFILE_DIR']) {
      assert.ok(found.has(name), name);
    }
  });

  it('docs - every schema entry is read somewhere (no entry outlives its variable)', () => {
    const text = sources().map((s) => s.text).join('\n');
    const unread = [...declared].filter((name) => !new RegExp(`\\b${name}\\b`).test(text));
    assert.deepEqual(unread, []);
  });

  it("docs - the README's Configuration section names only declared variables", () => {
    const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration\n'), readme.indexOf('\n## ', readme.indexOf('## Configuration\n') + 1));
    const named = [...section.matchAll(/`([A-Z][A-Z0-9_]{2,})(?:=[^`]*)?`/g)].map(([, name]) => name);
    assert.ok(named.length > 5, 'the section names variables');
    assert.deepEqual(named.filter((name) => !declared.has(name)), []);
  });
});
