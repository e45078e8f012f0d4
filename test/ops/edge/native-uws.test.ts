// The edge runs on uWS' native binary or not at all: without it (another Node ABI, a glibc the binary
// cannot load) it exits 1 with one line saying why, before it touches Redis, NATS or Postgres.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { nativeUwsProblem } from '../../../edge/http/require-native-uws.js';
import { runRoleToExit } from '../../support/engine-processes.js';

const dir = mkdtempSync(join(tmpdir(), 'gopang-uws-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('native uws - this process runs uWS from its native binary', () => {
  assert.equal(nativeUwsProblem(), undefined);
});

test('native uws - an edge whose uWS binary does not load refuses to start, saying why', async () => {
  // what an old glibc does to the binary, without needing one
  const hook = join(dir, 'no-uws-binary.mjs');
  writeFileSync(hook, `const dlopen = process.dlopen;
process.dlopen = (module, file, ...rest) => {
  if (/uws_[^/]+\\.node$/.test(file)) throw new Error(file + ": version 'GLIBC_2.38' not found");
  return dlopen(module, file, ...rest);
};
`);
  const { code, output } = await runRoleToExit('edge', { ...process.env, ROLE_NODE_ARGS: `--import ${hook}` });
  assert.equal(code, 1, output);
  const line = JSON.parse(output.trim().split('\n').pop()!) as { level: string; msg: string; runtime: string };
  assert.equal(line.level, 'error');
  assert.match(line.msg, /^refusing to start: uWebSockets\.js has no native binary that loads here: .*GLIBC_2\.38/);
  assert.match(line.runtime, new RegExp(`^Node ${process.versions.node} \\(ABI ${process.versions.modules}\\)`));
});
