// Starts real engine role processes (edge, worker, scheduler) for a test namespace and kills them
// as a crash would (SIGKILL) or stops them gracefully.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { projectRoot } from '../../engine/platform/config.js';
import { waitFor } from './eventually.js';

export type RoleName = 'edge' | 'worker' | 'scheduler' | 'auth' | 'gateway' | 'orchestrator' | 'supervisor';

const scripts: Record<RoleName, string> = {
  edge: 'dist/edge/main.js',
  worker: 'dist/workers/main.js',
  scheduler: 'dist/engine/scheduler/main.js',
  auth: 'dist/engine/auth/main.js',
  // the local fake payment gateway (FAKE_GATEWAY_PORT)
  gateway: 'dist/engine/payment/fake-gateway/main.js',
  orchestrator: 'dist/workers/orders/main.js',
  // `npm start`: prepares the database, then runs every other role as its child
  supervisor: 'dist/engine/main.js',
};

const MAX_OUTPUT_CHARS = 8 * 1024 * 1024;

export interface RoleProcess {
  role: RoleName;
  child: ChildProcess;
  output(): string;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

async function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await once(child, 'exit');
}

function spawnRole(role: RoleName, env: NodeJS.ProcessEnv, options: { detached?: boolean } = {}): ChildProcess {
  // e.g. ROLE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles every role of a bench (Node refuses it in NODE_OPTIONS)
  const nodeArgs = (env.ROLE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  return spawn(process.execPath, [...nodeArgs, join(projectRoot, scripts[role])], {
    env: { ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options,
  });
}

/**
 * Starts one role that is expected to refuse to start: waits for it to exit on its own and answers its
 * exit code and output; fails (after killing it) when it is still running after `timeoutMs`.
 */
export async function runRoleToExit(role: RoleName, env: NodeJS.ProcessEnv, timeoutMs = 20_000): Promise<{ code: number | null; output: string }> {
  // its own process group: a supervisor that did start has children, which must go with it
  const child = spawnRole(role, env, { detached: true });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), timeoutMs);
  try {
    await waitForExit(child);
  } finally {
    clearTimeout(timer);
  }
  if (child.signalCode === 'SIGKILL') throw new Error(`${role} was still running after ${timeoutMs} ms:\n${output}`);
  return { code: child.exitCode, output };
}

/** Starts one role and waits for its "listening"/"started" log line. */
export async function startRole(role: RoleName, env: NodeJS.ProcessEnv, timeoutMs = 20_000): Promise<RoleProcess> {
  const child = spawnRole(role, env);
  let output = '';
  // a bounded tail: a long run with request logs on would otherwise grow past V8's string limit
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > MAX_OUTPUT_CHARS) output = output.slice(-MAX_OUTPUT_CHARS / 2);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const ready = role === 'edge' || role === 'gateway' ? '"msg":"listening"' : '"msg":"started"';
  try {
    await waitFor(() => {
      if (child.exitCode !== null) throw new Error(`${role} exited early:\n${output}`);
      return output.includes(ready);
    }, { timeoutMs, intervalMs: 25, message: () => `${role} to start:\n${output}` });
  } catch (err) {
    child.kill('SIGKILL'); // a no-op when it exited
    throw err;
  }
  return {
    role,
    child,
    output: () => output,
    async kill9() {
      child.kill('SIGKILL');
      await waitForExit(child);
    },
    async stop() {
      child.kill('SIGTERM');
      await waitForExit(child);
    },
  };
}
