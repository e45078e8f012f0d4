// The bootstrap's private services in a checkout that has run before: an earlier version's signing-key
// code left `.data` 0700 (root-owned), and the private Postgres (run as the postgres user) then failed
// in initdb with "Permission denied". Runs the real bootstrap in a scratch copy of scripts/ (as root,
// where the bootstrap runs Postgres as the postgres user); Redis and NATS are the machine's.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ensureSigningKeys } from '../../engine/auth/signing-keys.js';
import { projectRoot } from '../../engine/platform/config.js';

const scratch: string[] = [];

after(() => {
  for (const dir of scratch) {
    runBootstrap(dir, ['--stop-services']);
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A directory the postgres user can reach, like a checkout under /home or /srv. */
function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gopang-checkout-'));
  chmodSync(dir, 0o755);
  scratch.push(dir);
  return dir;
}

/** A checkout as far as the bootstrap sees it: its scripts, dependencies installed, nothing to build. */
function scratchCheckout(): string {
  const dir = scratchDir();
  mkdirSync(join(dir, 'scripts'));
  for (const file of readdirSync(join(projectRoot, 'scripts')).filter((f) => f.endsWith('.mjs'))) {
    copyFileSync(join(projectRoot, 'scripts', file), join(dir, 'scripts', file));
  }
  mkdirSync(join(dir, 'node_modules'));
  writeFileSync(join(dir, 'node_modules', '.package-lock.json'), '{}\n');
  return dir;
}

function runBootstrap(checkout: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [join(checkout, 'scripts', 'bootstrap.mjs'), ...args], {
    env: { ...process.env, DATABASE_URL: '', BOOTSTRAP_FORCE_PRIVATE: '1', BOOTSTRAP_SKIP_BUILD: '1' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const mode = (path: string): number => statSync(path).mode & 0o777;

test('signing keys - only the keys folder is private, not the data folder it creates', async () => {
  const dataDir = join(scratchDir(), '.data');
  await ensureSigningKeys(dataDir);
  assert.equal(mode(join(dataDir, 'keys')), 0o700);
  assert.notEqual(mode(dataDir) & 0o005, 0, `.data is ${mode(dataDir).toString(8)}`);
});

test('bootstrap - BOOTSTRAP_FORCE_PRIVATE=1 starts a private Postgres in a checkout an earlier version left with a 0700 .data', {
  skip: process.getuid?.() !== 0 ? 'the bootstrap runs Postgres as the postgres user only as root' : false,
}, () => {
  const checkout = scratchCheckout();
  // what the earlier signing-key code left: .data and .data/keys, both 0700
  mkdirSync(join(checkout, '.data', 'keys'), { recursive: true, mode: 0o700 });
  chmodSync(join(checkout, '.data'), 0o700);

  const { status, output } = runBootstrap(checkout, [process.execPath, '-e', 'console.log("db " + process.env.DATABASE_URL)']);
  assert.equal(status, 0, output);
  assert.match(output, /postgres: BOOTSTRAP_FORCE_PRIVATE=1; starting private instance on port \d+/);
  assert.match(output, /^db postgres:\/\/postgres@127\.0\.0\.1:\d+\/gopang$/m);
  assert.equal(mode(join(checkout, '.data')), 0o755);
  assert.equal(mode(join(checkout, '.data', 'keys')), 0o700);
});
