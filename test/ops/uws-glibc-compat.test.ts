// scripts/uws-glibc-compat.mjs (npm ci's postinstall) on the installed uWS binaries: after it, none needs
// a glibc newer than this machine's, and it never half-patches a binary that needs more than it can give.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { projectRoot } from '../../engine/platform/config.js';

type Outcome = string;
// a runtime import: the script is plain JS under scripts/, outside what tsc compiles into dist/
const { patchElf } = (await import(pathToFileURL(join(projectRoot, 'scripts', 'uws-glibc-compat.mjs')).href)) as {
  patchElf(elf: Buffer, runtime: [number, number]): Outcome;
};

const packageDir = join(projectRoot, 'node_modules', 'uWebSockets.js');
const binaries = readdirSync(packageDir).filter((f) => f.startsWith(`uws_linux_${process.arch}_`) && f.endsWith('.node'));
const glibc = (process.report.getReport() as unknown as { header: { glibcVersionRuntime?: string } }).header.glibcVersionRuntime;
const skip = process.platform !== 'linux' || !glibc ? 'glibc Linux only' : false;

test('uws glibc compat - the installed binaries need no glibc newer than this machine\'s', { skip }, () => {
  const [major, minor] = glibc!.split('.').map(Number);
  assert.ok(binaries.length >= 3, binaries.join());
  for (const file of binaries) assert.equal(patchElf(readFileSync(join(packageDir, file)), [major, minor]), 'current', file);
});

test('uws glibc compat - a binary that needs other newer symbols is left exactly as it is', { skip }, () => {
  for (const file of binaries) {
    const original = readFileSync(join(packageDir, file));
    const copy = Buffer.from(original);
    // glibc 2.30 lacks far more than the C23 functions (e.g. symbols of 2.32 to 2.36)
    assert.match(patchElf(copy, [2, 30]), /needs a newer glibc than 2\.30 and has no older equivalent$/, file);
    assert.ok(copy.equals(original), `${file} unchanged`);
  }
});
