// Starts real engine role processes (edge, worker, scheduler) for a test namespace and kills them
// as a crash would (SIGKILL) or stops them gracefully.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { projectRoot } from '../../engine/config.js';

export type RoleName = 'edge' | 'worker' | 'scheduler' | 'auth';

const scripts: Record<RoleName, string> = {
  edge: 'dist/edge/main.js',
  worker: 'dist/workers/main.js',
  scheduler: 'dist/engine/scheduler/main.js',
  auth: 'dist/engine/auth/main.js',
};

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

/** Starts one role and waits for its "listening"/"started" log line. */
export async function startRole(role: RoleName, env: NodeJS.ProcessEnv, timeoutMs = 20_000): Promise<RoleProcess> {
  const child = spawn(process.execPath, [join(projectRoot, scripts[role])], {
    env: { ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const ready = role === 'edge' ? '"msg":"listening"' : '"msg":"started"';
  const started = Date.now();
  while (!output.includes(ready)) {
    if (child.exitCode !== null) throw new Error(`${role} exited early:\n${output}`);
    if (Date.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`${role} did not start in ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 25));
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
