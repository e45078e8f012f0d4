// `npm run client:build` compiles the package for browsers (DOM and ES2022 only, no Node types) and
// every entry of its exports map is a built module with its declarations.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { it } from 'node:test';
import { projectRoot } from '../../engine/platform/config.js';

const clientDir = join(projectRoot, 'client');

it('client build - the package compiles without Node types and every export resolves to a module and its types', async () => {
  await promisify(execFile)(join(projectRoot, 'node_modules', '.bin', 'tsc'), ['-p', join(clientDir, 'tsconfig.json')]);
  const pkg = JSON.parse(await readFile(join(clientDir, 'package.json'), 'utf8')) as { name: string; exports: Record<string, { types: string; default: string }> };
  assert.equal(pkg.name, '@gopang/client');
  for (const [entry, target] of Object.entries(pkg.exports)) {
    await access(join(clientDir, target.types));
    const module = (await import(pathToFileURL(join(clientDir, target.default)).href)) as Record<string, unknown>;
    assert.ok(Object.keys(module).length > 0, `${entry} exports nothing`);
  }
  const index = (await import(pathToFileURL(join(clientDir, pkg.exports['.'].default)).href)) as Record<string, unknown>;
  for (const name of ['createRestClient', 'PushClient', 'PushError']) assert.equal(typeof index[name], 'function', name);
});
