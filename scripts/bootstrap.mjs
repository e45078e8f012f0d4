#!/usr/bin/env node
// Prepares this machine for the engine, then runs a command in the prepared environment.
//   node scripts/bootstrap.mjs <command> [args...]   deps, services, build, then run the command
//   node scripts/bootstrap.mjs --no-services <command> [args...]   deps and build only (unit tests, tokens)
//   node scripts/bootstrap.mjs --with wrk <command>   also install a tool the command prefers (benches: wrk),
//                                                    best effort: without it they fall back to autocannon
//   node scripts/bootstrap.mjs --stop-services       stop the private service instances started here
// Node built-ins only: it runs before node_modules exists.
//
// Environment:
//   REDIS_URL, NATS_URL, DATABASE_URL  used as is (no probing, no private instance)
// A private NATS runs with users (scripts/nats-users.mjs): NATS_URL carries the roles' user and
// password, AUTH_NATS_URL the auth role's.
//   BOOTSTRAP_FORCE_PRIVATE=1          ignore servers on the standard ports; tests the fresh-machine path
//   BOOTSTRAP_SKIP_BUILD=1             skip tsc; for when half-edited sources in the tree don't compile yet
// tsc is also skipped when dist/ is current: no .ts under tsconfig's folders (nor tsconfig.json) is newer
// than dist/.tsbuildinfo, and npm did not just install.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import {
  fail, freePort, isAlive, isOurs, log, readInt, run, ServiceError, serviceEnv, services, stopInstance, waitForAnswer,
} from './services.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.join(root, '.data');
const servicesDir = path.join(dataDir, 'services');
const WAIT_MS = 30_000;

// ---- helpers only the bootstrap needs ------------------------------------------------------

const mtime = (file) => fs.statSync(file).mtimeMs;

let aptUpdated = false;
function aptInstall(pkg, envVar) {
  if (process.getuid?.() !== 0) fail(`${pkg} is not installed: run \`apt-get install -y ${pkg}\` as root, or set ${envVar}`);
  log(`installing ${pkg} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) run('apt-get', ['update'], 'apt-get update', { env });
  aptUpdated = true;
  run('apt-get', ['install', '-y', pkg], `apt-get install ${pkg}`, { env });
}

// ---- private instances ---------------------------------------------------------------------

const serviceDir = (svc) => (svc.name === 'postgres' ? postgresHome() : path.join(servicesDir, svc.name));

/**
 * Postgres runs as the `postgres` user, which cannot reach into a project inside a root-only folder
 * (a `mktemp -d` clone, say): then its files live under the system temp dir, keyed by project path.
 */
function postgresHome() {
  const inProject = path.join(servicesDir, 'postgres');
  if (process.getuid?.() !== 0) return inProject;
  if (spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-x', root]).status === 0) return inProject;
  const key = createHash('sha1').update(root).digest('hex').slice(0, 12);
  return path.join(os.tmpdir(), `gopang-postgres-${key}`);
}
const portFile = (svc) => path.join(serviceDir(svc), 'port');

/** The port of a private instance left running by an earlier bootstrap, if it still answers. */
async function runningPrivatePort(svc) {
  const port = readInt(portFile(svc));
  if (!isOurs(readInt(svc.pidFile(serviceDir(svc))), svc.comm, port)) return null;
  return (await svc.probe(port)) ? port : null;
}

function ensureBinary(svc) {
  const found = svc.findBinary();
  if (found) return found;
  aptInstall(svc.pkg, svc.envVar);
  return svc.findBinary() ?? fail(`${svc.pkg} was installed but its program was not found`);
}

async function ensurePrivate(svc, reason) {
  const reused = await runningPrivatePort(svc);
  if (reused) {
    log(`${svc.name}: reusing private instance on port ${reused}`);
    return reused;
  }
  const bin = ensureBinary(svc);
  const port = await freePort();
  log(`${svc.name}: ${reason}; starting private instance on port ${port}`);
  fs.mkdirSync(serviceDir(svc), { recursive: true });
  fs.writeFileSync(portFile(svc), `${port}\n`); // before starting: --stop-services needs it to recognise the process
  await svc.start(serviceDir(svc), port, bin);
  await waitForAnswer(svc, serviceDir(svc), port, WAIT_MS);
  return port;
}

/**
 * The signing-key code of earlier versions created `.data` together with `.data/keys`, both 0700: the
 * postgres user could then not reach `.data/services/postgres` (initdb: Permission denied) in a checkout
 * that had run before. Open that one folder again; the keys folder stays private.
 */
function repairDataDir() {
  let mode;
  try {
    mode = fs.statSync(dataDir).mode & 0o777;
  } catch (error) {
    if (error.code === 'ENOENT') return;
    throw error;
  }
  if (mode !== 0o700) return;
  log(`${path.relative(root, dataDir)}: 0700 (left by an earlier version); making it 0755 so private services can reach their folders`);
  fs.chmodSync(dataDir, 0o755);
}

/** Serialises private-instance startup between concurrent bootstraps (say `npm start` and `npm test`). */
async function withLock(fn) {
  const lock = path.join(servicesDir, '.lock');
  repairDataDir();
  fs.mkdirSync(servicesDir, { recursive: true });
  const deadline = Date.now() + 10 * 60_000; // the holder may be apt-installing Postgres
  for (;;) {
    try {
      fs.writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    const owner = readInt(lock);
    if (owner && !isAlive(owner)) fs.rmSync(lock, { force: true }); // its bootstrap died: stale
    else if (Date.now() > deadline) fail(`another bootstrap holds ${lock} (remove it if stale)`);
    else await sleep(200);
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/** The environment variables that point the engine at the service. */
async function resolveService(svc) {
  if (process.env[svc.envVar]) {
    log(`${svc.name}: using ${svc.envVar} from the environment`);
    return {};
  }
  const privateEnv = async (reason) => serviceEnv(svc, await withLock(() => ensurePrivate(svc, reason)), serviceDir(svc));
  if (process.env.BOOTSTRAP_FORCE_PRIVATE === '1') return privateEnv('BOOTSTRAP_FORCE_PRIVATE=1');
  if (await (svc.probeStandard ?? svc.probe)(svc.stdPort)) {
    log(`${svc.name}: using 127.0.0.1:${svc.stdPort}`);
    return { [svc.envVar]: svc.url(svc.stdPort) };
  }
  return privateEnv(`nothing suitable on 127.0.0.1:${svc.stdPort}`);
}


async function stopPrivate(svc) {
  const dir = serviceDir(svc);
  const port = readInt(portFile(svc));
  const pid = readInt(svc.pidFile(dir));
  if (!isOurs(pid, svc.comm, port)) return log(`${svc.name}: no private instance running`);
  log(`${svc.name}: stopping private instance (pid ${pid})`);
  await stopInstance(svc, dir, port, { timeoutMs: WAIT_MS });
  fs.rmSync(portFile(svc), { force: true });
}

// In parallel: each takes a second or two to shut down.
const stopServices = () => Promise.all(services.map(stopPrivate));

// ---- dependencies, build, command ----------------------------------------------------------

/** Whether `npm ci`/`npm install` ran: the type definitions may have changed, so build. */
function ensureDependencies() {
  const lock = path.join(root, 'package-lock.json');
  const installed = path.join(root, 'node_modules', '.package-lock.json');
  const hasLock = fs.existsSync(lock);
  const stale = !fs.existsSync(installed) || (hasLock && mtime(lock) > mtime(installed));
  if (!stale) {
    log('dependencies: up to date');
    return false;
  }
  const command = hasLock ? 'ci' : 'install';
  log(`dependencies: running npm ${command}`);
  run('npm', [command], `npm ${command}`);
  return true;
}

const buildInfo = path.join(root, 'dist', '.tsbuildinfo');

/** A file tsc reads (tsconfig.json or a .ts under a folder it includes) changed after the last build. */
function sourceNewerThan(builtAt) {
  const tsconfig = path.join(root, 'tsconfig.json');
  if (mtime(tsconfig) > builtAt) return true;
  const folders = new Set(JSON.parse(fs.readFileSync(tsconfig, 'utf8')).include.map((glob) => glob.split('/')[0]));
  const newer = (dir) => fs.readdirSync(dir, { withFileTypes: true }).some((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name !== 'node_modules' && newer(file);
    return entry.name.endsWith('.ts') && mtime(file) > builtAt;
  });
  return [...folders].some((folder) => fs.existsSync(path.join(root, folder)) && newer(path.join(root, folder)));
}

function build({ dependenciesChanged }) {
  if (process.env.BOOTSTRAP_SKIP_BUILD === '1') return log('build: skipped (BOOTSTRAP_SKIP_BUILD=1)');
  if (!dependenciesChanged && fs.existsSync(buildInfo) && !sourceNewerThan(mtime(buildInfo))) {
    return log('build: dist/ is current (no source newer than dist/.tsbuildinfo)');
  }
  log('build: tsc -p .');
  run(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', '.'], 'build (tsc)');
  // tsc leaves its build info alone when nothing changed: mark the sources as built either way
  const now = new Date();
  if (fs.existsSync(buildInfo)) fs.utimesSync(buildInfo, now, now);
}

/** Runs the command with inherited stdio; resolves to its exit code (128+n when killed by signal n). */
function runCommand([command, ...args], env) {
  return new Promise((resolve) => {
    const file = command === 'node' ? process.execPath : command; // same Node as the bootstrap
    const child = spawn(file, args, { stdio: 'inherit', env });
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
    child.on('error', (error) => { log(`cannot run ${command}: ${error.message}`); resolve(127); });
    child.on('exit', (code, signal) => resolve(signal ? 128 + os.constants.signals[signal] : code));
  });
}

/** A tool a command prefers but can do without (the benches' wrk): installed when missing and possible. */
function ensureTool(tool) {
  if (spawnSync(tool, ['-v'], { stdio: 'ignore' }).error === undefined) return;
  try {
    aptInstall(tool, 'nothing (the command falls back)');
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    log(`${tool} not installed (${error.message}); going on without it`);
  }
}

async function main(argv) {
  if (argv[0] === '--stop-services') return stopServices().then(() => 0);
  const withServices = argv[0] !== '--no-services';
  if (!withServices) argv = argv.slice(1);
  while (argv[0] === '--with') {
    ensureTool(argv[1]);
    argv = argv.slice(2);
  }
  if (argv.length === 0) fail('usage: node scripts/bootstrap.mjs [--no-services] <command> [args...] | --stop-services');
  const dependenciesChanged = ensureDependencies();
  const env = { ...process.env };
  if (withServices) for (const svc of services) Object.assign(env, await resolveService(svc));
  build({ dependenciesChanged });
  return runCommand(argv, env);
}

try {
  process.exit(await main(process.argv.slice(2)));
} catch (error) {
  if (!(error instanceof ServiceError)) throw error;
  log(`error: ${error.message}`);
  process.exit(1);
}
