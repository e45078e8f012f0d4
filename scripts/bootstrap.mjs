#!/usr/bin/env node
// Prepares this machine for the engine, then runs a command in the prepared environment.
//   node scripts/bootstrap.mjs <command> [args...]   deps, services, build, then run the command
//   node scripts/bootstrap.mjs --stop-services       stop the private service instances started here
// Node built-ins only: it runs before node_modules exists.
//
// Environment:
//   REDIS_URL, NATS_URL, DATABASE_URL  used as is (no probing, no private instance)
//   BOOTSTRAP_FORCE_PRIVATE=1          ignore servers on the standard ports; tests the fresh-machine path
//   BOOTSTRAP_SKIP_BUILD=1             skip tsc; for when half-edited sources in the tree don't compile yet
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const servicesDir = path.join(root, '.data', 'services');
const WAIT_MS = 30_000;

class BootstrapError extends Error {}
const fail = (message) => { throw new BootstrapError(message); };
const log = (message) => process.stderr.write(`[bootstrap] ${message}\n`);

// ---- small helpers -------------------------------------------------------------------------

/**
 * Runs a program to completion; its stdout goes to our stderr so a command's stdout stays clean.
 * `quiet` holds back the output of chatty programs (initdb, pg_ctl) unless they fail.
 */
function run(file, args, what, { quiet = false, ...options } = {}) {
  const stdio = quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 2, 2];
  const result = spawnSync(file, args, { cwd: root, stdio, ...options });
  if (result.error) fail(`${what}: cannot run ${file}: ${result.error.message}`);
  if (result.status === 0) return;
  if (quiet) process.stderr.write(`${result.stdout}${result.stderr}`);
  fail(`${what} failed (exit ${result.status ?? result.signal})`);
}

const mtime = (file) => fs.statSync(file).mtimeMs;

function readInt(file) {
  try {
    const value = parseInt(fs.readFileSync(file, 'utf8'), 10); // postmaster.pid: pid is its first line
    return value > 0 ? value : null;
  } catch {
    return null;
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * A pid file can outlive its process and the pid be reused, and we must never signal the system's
 * own servers: require the program name and our private port in its command line (Linux procfs).
 */
function isOurs(pid, comm, port) {
  if (!pid || !port || !isAlive(pid)) return false;
  if (!fs.existsSync('/proc/self/cmdline')) return true; // no procfs: trust the pid file
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === comm && new RegExp(`\\b${port}\\b`).test(cmdline);
  } catch {
    return false;
  }
}

/** Waits for a process to go away; false if it is still there after `timeoutMs`. */
async function exited(pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (pid && isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** PATH plus the sbin dirs: Debian puts nats-server in /usr/sbin, outside a normal user's PATH. */
function onPath(name) {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/sbin'];
  return dirs.map((dir) => path.join(dir, name)).find(isExecutable) ?? null;
}

/** Debian keeps Postgres programs in /usr/lib/postgresql/<version>/bin, not on PATH; newest wins. */
function postgresBinary(name) {
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base) ? fs.readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  return versions.map((v) => path.join(base, v, 'bin', name)).find(isExecutable) ?? onPath(name);
}

let aptUpdated = false;
function aptInstall(pkg, envVar) {
  if (process.getuid?.() !== 0) fail(`${pkg} is not installed: run \`apt-get install -y ${pkg}\` as root, or set ${envVar}`);
  log(`installing ${pkg} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) run('apt-get', ['update'], 'apt-get update', { env });
  aptUpdated = true;
  run('apt-get', ['install', '-y', pkg], `apt-get install ${pkg}`, { env });
}

/** Postgres refuses to run as root: when we are root, run its programs as the postgres user. */
function runAsPostgres(file, args, what) {
  if (process.getuid?.() === 0) run('runuser', ['-u', 'postgres', '--', file, ...args], what, { quiet: true });
  else run(file, args, what, { quiet: true });
}

/** Asks the OS for a free port. Another process could grab it before we use it; rare enough locally. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().unref().on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// ---- protocol probes -----------------------------------------------------------------------

/** Connects, sends `hello`, and feeds what arrives to `check` until it returns true or false. */
function probe(port, hello, check, timeoutMs = 1000) {
  return new Promise((resolve) => {
    let received = Buffer.alloc(0);
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false)).on('close', () => done(false));
    socket.on('connect', () => hello && socket.write(hello));
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      const verdict = check(received);
      if (verdict !== undefined) done(verdict);
    });
  });
}

/** The first CRLF-terminated line, or undefined while it is still incomplete. */
function firstLine(buffer) {
  const end = buffer.indexOf('\r\n');
  return end < 0 ? undefined : buffer.subarray(0, end).toString();
}

function natsHasJetStream(line) {
  if (!line.startsWith('INFO ')) return false;
  try {
    return JSON.parse(line.slice(5)).jetstream === true;
  } catch {
    return false;
  }
}

const sslRequest = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]); // length 8, code 80877103

// ---- the three services --------------------------------------------------------------------

const services = [
  {
    name: 'redis', envVar: 'REDIS_URL', stdPort: 6379, pkg: 'redis-server', comm: 'redis-server',
    stopSignal: 'SIGTERM',
    url: (port) => `redis://127.0.0.1:${port}`,
    probe: (port) => probe(port, 'PING\r\n', (b) => firstLine(b)?.startsWith('+PONG')),
    findBinary: () => onPath('redis-server'),
    pidFile: (dir) => path.join(dir, 'redis.pid'),
    logFile: (dir) => path.join(dir, 'redis.log'),
    start(dir, port, bin) {
      // --daemonize: redis forks, writes its pid file, and points its stdio at /dev/null.
      run(bin, ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1',
        '--daemonize', 'yes', '--dir', dir, '--pidfile', this.pidFile(dir), '--logfile', this.logFile(dir)], 'redis-server');
    },
  },
  {
    name: 'nats', envVar: 'NATS_URL', stdPort: 4222, pkg: 'nats-server', comm: 'nats-server',
    stopSignal: 'SIGTERM',
    url: (port) => `nats://127.0.0.1:${port}`,
    probe: (port) => probe(port, null, (b) => { const line = firstLine(b); return line && natsHasJetStream(line); }),
    findBinary: () => onPath('nats-server'),
    pidFile: (dir) => path.join(dir, 'nats.pid'),
    logFile: (dir) => path.join(dir, 'nats.log'),
    start(dir, port, bin) {
      // nats-server has no daemon mode: detach it into its own session, output to a log file.
      const out = fs.openSync(this.logFile(dir), 'a');
      const args = ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', path.join(dir, 'jetstream')];
      const child = spawn(bin, args, { detached: true, stdio: ['ignore', out, out] });
      fs.closeSync(out);
      child.on('error', () => {}); // a failed start shows up as a timeout with the log path
      if (!child.pid) fail(`cannot start ${bin}`);
      child.unref();
      fs.writeFileSync(this.pidFile(dir), `${child.pid}\n`);
    },
  },
  {
    name: 'postgres', envVar: 'DATABASE_URL', stdPort: 5432, pkg: 'postgresql', comm: 'postgres',
    stopSignal: 'SIGINT', // Postgres "fast" shutdown
    url: (port) => `postgres://postgres@127.0.0.1:${port}/gopang`,
    probe: (port) => probe(port, sslRequest, (b) => b[0] === 0x4e || b[0] === 0x53), // 'N' or 'S'
    findBinary: () => postgresBinary('initdb'),
    home: postgresHome,
    pidFile: (dir) => path.join(dir, 'data', 'postmaster.pid'),
    logFile: (dir) => path.join(dir, 'postgres.log'),
    async start(dir, port, initdb) {
      const data = path.join(dir, 'data');
      const socketDir = path.join(dir, 'socket');
      fs.mkdirSync(socketDir, { recursive: true });
      if (process.getuid?.() === 0) run('chown', ['-R', 'postgres:postgres', dir], 'chown');
      if (!fs.existsSync(path.join(data, 'PG_VERSION'))) {
        runAsPostgres(initdb, ['-U', 'postgres', '--auth=trust', '-D', data], 'initdb');
      }
      // After a crash the dead postmaster lingers a moment, and Postgres won't start while it does.
      await exited(readInt(this.pidFile(dir)), 10_000);
      const options = `-p ${port} -k '${socketDir}' -c listen_addresses=127.0.0.1`;
      const pgCtl = path.join(path.dirname(initdb), 'pg_ctl');
      try {
        runAsPostgres(pgCtl, ['-D', data, '-o', options, '-l', this.logFile(dir), '-w', '-t', '30', 'start'], 'pg_ctl start');
      } catch (error) {
        fail(`${error.message}; see ${this.logFile(dir)}`);
      }
    },
  },
];

// ---- private instances ---------------------------------------------------------------------

const serviceDir = (svc) => svc.home?.() ?? path.join(servicesDir, svc.name);

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

async function waitForAnswer(svc, port) {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    if (await svc.probe(port)) return;
    await sleep(200);
  }
  fail(`${svc.name} did not answer on 127.0.0.1:${port} within ${WAIT_MS / 1000} s; see ${svc.logFile(serviceDir(svc))}`);
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
  await waitForAnswer(svc, port);
  return port;
}

/** Serialises private-instance startup between concurrent bootstraps (say `npm start` and `npm test`). */
async function withLock(fn) {
  const lock = path.join(servicesDir, '.lock');
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

async function resolveService(svc) {
  const fromEnv = process.env[svc.envVar];
  if (fromEnv) {
    log(`${svc.name}: using ${svc.envVar} from the environment`);
    return fromEnv;
  }
  if (process.env.BOOTSTRAP_FORCE_PRIVATE === '1') {
    return svc.url(await withLock(() => ensurePrivate(svc, 'BOOTSTRAP_FORCE_PRIVATE=1')));
  }
  if (await svc.probe(svc.stdPort)) {
    log(`${svc.name}: using 127.0.0.1:${svc.stdPort}`);
    return svc.url(svc.stdPort);
  }
  const reason = `nothing suitable on 127.0.0.1:${svc.stdPort}`;
  return svc.url(await withLock(() => ensurePrivate(svc, reason)));
}


async function stopPrivate(svc) {
  const pid = readInt(svc.pidFile(serviceDir(svc)));
  if (!isOurs(pid, svc.comm, readInt(portFile(svc)))) return log(`${svc.name}: no private instance running`);
  log(`${svc.name}: stopping private instance (pid ${pid})`);
  process.kill(pid, svc.stopSignal);
  if (!(await exited(pid, WAIT_MS))) fail(`${svc.name} (pid ${pid}) did not stop within ${WAIT_MS / 1000} s`);
  fs.rmSync(portFile(svc), { force: true });
  if (svc.name === 'nats') fs.rmSync(svc.pidFile(serviceDir(svc)), { force: true }); // the others remove their own
}

// In parallel: each takes a second or two to shut down.
const stopServices = () => Promise.all(services.map(stopPrivate));

// ---- dependencies, build, command ----------------------------------------------------------

function ensureDependencies() {
  const lock = path.join(root, 'package-lock.json');
  const installed = path.join(root, 'node_modules', '.package-lock.json');
  const hasLock = fs.existsSync(lock);
  const stale = !fs.existsSync(installed) || (hasLock && mtime(lock) > mtime(installed));
  if (!stale) return log('dependencies: up to date');
  const command = hasLock ? 'ci' : 'install';
  log(`dependencies: running npm ${command}`);
  run('npm', [command], `npm ${command}`);
}

function build() {
  if (process.env.BOOTSTRAP_SKIP_BUILD === '1') return log('build: skipped (BOOTSTRAP_SKIP_BUILD=1)');
  log('build: tsc -p .');
  run(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', '.'], 'build (tsc)');
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

async function main(argv) {
  if (argv[0] === '--stop-services') return stopServices().then(() => 0);
  if (argv.length === 0) fail('usage: node scripts/bootstrap.mjs <command> [args...] | --stop-services');
  ensureDependencies();
  const env = { ...process.env };
  for (const svc of services) env[svc.envVar] = await resolveService(svc);
  build();
  return runCommand(argv, env);
}

try {
  process.exit(await main(process.argv.slice(2)));
} catch (error) {
  if (!(error instanceof BootstrapError)) throw error;
  log(`error: ${error.message}`);
  process.exit(1);
}
