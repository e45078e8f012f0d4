// The three backing services (Redis, NATS, Postgres) as private instances: how to find, start, probe
// and stop each one. Shared by scripts/bootstrap.mjs and the fault-injection tests
// (test/support/private-services.ts). Node built-ins only: it runs before node_modules exists.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { natsUrlAs, writeNatsConfig } from './nats-users.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A failure with a message meant for the operator (no stack trace needed). */
export class ServiceError extends Error {}
export const fail = (message) => { throw new ServiceError(message); };
export const log = (message) => process.stderr.write(`[bootstrap] ${message}\n`);

// ---- small helpers -------------------------------------------------------------------------

/**
 * Runs a program to completion; its stdout goes to our stderr so a command's stdout stays clean.
 * `quiet` holds back the output of chatty programs (initdb, pg_ctl) unless they fail.
 */
export function run(file, args, what, { quiet = false, ...options } = {}) {
  const stdio = quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 2, 2];
  const result = spawnSync(file, args, { cwd: root, stdio, ...options });
  if (result.error) fail(`${what}: cannot run ${file}: ${result.error.message}`);
  if (result.status === 0) return;
  if (quiet) process.stderr.write(`${result.stdout}${result.stderr}`);
  fail(`${what} failed (exit ${result.status ?? result.signal})`);
}

export function readInt(file) {
  try {
    const value = parseInt(fs.readFileSync(file, 'utf8'), 10); // postmaster.pid: pid is its first line
    return value > 0 ? value : null;
  } catch {
    return null;
  }
}

export function isAlive(pid) {
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
export function isOurs(pid, comm, port) {
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
export async function exited(pid, timeoutMs) {
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
export function onPath(name) {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/sbin'];
  return dirs.map((dir) => path.join(dir, name)).find(isExecutable) ?? null;
}

/** Debian keeps Postgres programs in /usr/lib/postgresql/<version>/bin, not on PATH; newest wins. */
export function postgresBinary(name) {
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base) ? fs.readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  return versions.map((v) => path.join(base, v, 'bin', name)).find(isExecutable) ?? onPath(name);
}

/** Postgres refuses to run as root: when we are root, run its programs as the postgres user. */
export function runAsPostgres(file, args, what) {
  if (process.getuid?.() === 0) run('runuser', ['-u', 'postgres', '--', file, ...args], what, { quiet: true });
  else run(file, args, what, { quiet: true });
}

/** Asks the OS for a free port. Another process could grab it before we use it; rare enough locally. */
export function freePort() {
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
export function probe(port, hello, check, timeoutMs = 1000) {
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

/** The server's INFO (the first line a NATS server sends), or undefined. */
function natsInfo(line) {
  if (!line.startsWith('INFO ')) return undefined;
  try {
    return JSON.parse(line.slice(5));
  } catch {
    return undefined;
  }
}

/** A NATS server with JetStream answers; `anonymous`: one that also takes clients without credentials. */
function probeNats(port, { anonymous = false } = {}) {
  return probe(port, null, (b) => {
    const line = firstLine(b);
    if (line === undefined) return undefined;
    const info = natsInfo(line);
    return info?.jetstream === true && (!anonymous || info.auth_required !== true);
  });
}

const sslRequest = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]); // length 8, code 80877103

// ---- the three services --------------------------------------------------------------------

export const services = [
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
    // a private instance has users (scripts/nats-users.mjs): the roles connect as `engine`, the auth role as `auth`
    url: (port, dir) => natsUrlAs('engine', port, dir),
    moreEnv: (port, dir) => ({ AUTH_NATS_URL: natsUrlAs('auth', port, dir) }),
    probe: (port) => probeNats(port),
    // the machine's own server is used as is, without credentials: only when it takes clients without them
    probeStandard: (port) => probeNats(port, { anonymous: true }),
    findBinary: () => onPath('nats-server'),
    pidFile: (dir) => path.join(dir, 'nats.pid'),
    logFile: (dir) => path.join(dir, 'nats.log'),
    start(dir, port, bin) {
      // nats-server has no daemon mode: detach it into its own session, output to a log file.
      const out = fs.openSync(this.logFile(dir), 'a');
      const args = ['-c', writeNatsConfig(dir), '-a', '127.0.0.1', '-p', String(port), '-js', '-sd', path.join(dir, 'jetstream')];
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

/** The engine's environment for a private instance: its URL, plus what else the service hands out (NATS: the auth role's user). */
export function serviceEnv(svc, port, dir) {
  return { [svc.envVar]: svc.url(port, dir), ...svc.moreEnv?.(port, dir) };
}

/** Polls the service's probe until it answers; fails after `timeoutMs` pointing at its log. */
export async function waitForAnswer(svc, dir, port, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await svc.probe(port)) return;
    await sleep(200);
  }
  fail(`${svc.name} did not answer on 127.0.0.1:${port} within ${timeoutMs / 1000} s; see ${svc.logFile(dir)}`);
}

/** Signals a private instance (its stop signal unless told) and waits for it to exit; false if it was not running. */
export async function stopInstance(svc, dir, port, { signal = svc.stopSignal, timeoutMs = 30_000 } = {}) {
  const pid = readInt(svc.pidFile(dir));
  if (!isOurs(pid, svc.comm, port)) return false;
  process.kill(pid, signal);
  if (!(await exited(pid, timeoutMs))) fail(`${svc.name} (pid ${pid}) did not stop within ${timeoutMs / 1000} s`);
  if (svc.name === 'nats' || signal === 'SIGKILL') fs.rmSync(svc.pidFile(dir), { force: true }); // the others remove their own
  return true;
}
