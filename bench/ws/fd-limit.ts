// Each socket is a file descriptor: the bench raises the open-file limit as far as the machine
// allows (re-running itself under `ulimit -n`), and sizes processes by what it got.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export function openFileLimit(): { soft: number; hard: number } {
  const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
  const [soft, hard] = (line ?? '').split(/\s+/).slice(3, 5).map((v) => (v === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(v)));
  return { soft: soft || 1024, hard: hard || 1024 };
}

/**
 * When the soft limit is below `want`, runs this same script again under the highest limit the
 * shell can set (`want`, else the hard limit) and exits with its status. Children inherit the limit.
 */
export function rerunWithRaisedLimit(want: number): void {
  if (openFileLimit().soft >= want || process.env.WS_BENCH_FD_RAISED === '1') return;
  const script = `ulimit -n ${want} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$0" "$@"`;
  const run = spawnSync('sh', ['-c', script, process.execPath, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, WS_BENCH_FD_RAISED: '1' },
  });
  process.exit(run.status ?? 1);
}
