// Starts role processes and restarts any that dies, with backoff; stops them all on request.
import { spawn, type ChildProcess } from 'node:child_process';
import { log } from '../log.js';

export interface RoleSpec {
  name: string;
  script: string;
  env: NodeJS.ProcessEnv;
}

const MAX_BACKOFF_MS = 30_000;
const HEALTHY_AFTER_MS = 10_000;
const STOP_GRACE_MS = 10_000;

export class Supervisor {
  private readonly children = new Map<string, ChildProcess>();
  private stopping = false;

  start(roles: RoleSpec[]): void {
    for (const role of roles) this.run(role, 1_000);
  }

  private run(role: RoleSpec, backoffMs: number): void {
    const startedAt = Date.now();
    const child = spawn(process.execPath, [role.script], { env: role.env, stdio: 'inherit' });
    this.children.set(role.name, child);
    child.on('exit', (code, signal) => {
      this.children.delete(role.name);
      if (this.stopping) return;
      const lived = Date.now() - startedAt;
      const delay = lived > HEALTHY_AFTER_MS ? 1_000 : backoffMs;
      log('warn', 'role exited; restarting', { name: role.name, code, signal, restartInMs: delay });
      setTimeout(() => !this.stopping && this.run(role, Math.min(delay * 2, MAX_BACKOFF_MS)), delay);
    });
  }

  /** SIGTERM to every child, SIGKILL to any still running after the grace period. */
  async stop(): Promise<void> {
    this.stopping = true;
    const exits = [...this.children.values()].map(
      (child) =>
        new Promise<void>((resolve) => {
          const kill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
          child.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    );
    await Promise.all(exits);
  }
}
