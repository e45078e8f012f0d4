// Child processes the bench started (load generators, redis-benchmark, the uWS hello), so an
// interrupted run can end them by pid before it removes the namespace they write into.
import type { ChildProcess } from 'node:child_process';

const running = new Set<ChildProcess>();

export function track<T extends ChildProcess>(child: T): T {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

export function killTracked(): void {
  for (const child of running) child.kill('SIGKILL');
}
