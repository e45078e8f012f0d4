#!/usr/bin/env node
// Runs every test that needs no server: the compiled `test/**/*.test.ts` whose names do not say
// `.integration.` (those need Redis, NATS or Postgres). Files are picked from the sources, so a stale
// file left in dist/ by a rename is never run. Extra arguments go to `node --test`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// a unit test file runs in seconds; a hang fails here instead of stalling the run
const FILE_TIMEOUT_MS = 60_000;

const files = fs.readdirSync(path.join(root, 'test'), { recursive: true })
  .filter((file) => file.endsWith('.test.ts') && !file.endsWith('.integration.test.ts'))
  .sort()
  .map((file) => path.join(root, 'dist', 'test', file.replace(/\.ts$/, '.js')));

const child = spawn(process.execPath, ['--test', `--test-timeout=${FILE_TIMEOUT_MS}`, ...process.argv.slice(2), ...files], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : code));
