// A throwaway three-master Redis Cluster on free local ports (redis-server in cluster mode, no
// persistence), created with redis-cli --cluster create. Answers undefined, with the reason, when this
// machine cannot run one, so the tests that need it skip instead of failing.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createServer } from 'node:net';
import { waitFor } from '../support/eventually.js';

const run = promisify(execFile);

export interface LocalRedisCluster {
  ports: number[];
  stop(): Promise<void>;
}

export type ClusterStart = { cluster: LocalRedisCluster } | { skipped: string };

export async function startRedisCluster(nodes = 3): Promise<ClusterStart> {
  const dir = await mkdtemp(join(tmpdir(), 'gopang-redis-cluster-'));
  const ports: number[] = [];
  const stop = async () => {
    for (const port of ports) await run('redis-cli', ['-p', String(port), 'shutdown', 'nosave']).catch(() => {});
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < nodes; i++) {
      const port = await freeClusterPort();
      await run('redis-server', [
        '--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes',
        '--cluster-config-file', join(dir, `nodes-${port}.conf`), '--dir', dir,
        '--save', '', '--appendonly', 'no', '--daemonize', 'yes',
        '--pidfile', join(dir, `${port}.pid`), '--logfile', join(dir, `${port}.log`),
      ]);
      ports.push(port);
    }
    await waitFor(() => ping(ports).then((n) => n === nodes, () => false), { intervalMs: 100, message: 'every node answers PING' });
    await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes']);
    await waitFor(() => Promise.all(ports.map(clusterState)).then((s) => s.every((state) => state === 'ok'), () => false), { intervalMs: 100, message: 'cluster_state:ok on every node' });
    return { cluster: { ports, stop } };
  } catch (err) {
    const logs = await Promise.all(ports.map((p) => readFile(join(dir, `${p}.log`), 'utf8').catch(() => '')));
    await stop();
    const reason = err instanceof Error ? err.message : String(err);
    return { skipped: `redis-server cannot run a cluster here: ${reason.split('\n')[0]} ${logs.join(' ').slice(-300)}` };
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A port that is free together with its cluster bus port (port + 10000), so below 55536. */
async function freeClusterPort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    if ((await canListen(port)) && (await canListen(port + 10_000))) return port;
  }
}

async function ping(ports: number[]): Promise<number> {
  const answers = await Promise.all(ports.map((p) => run('redis-cli', ['-p', String(p), 'ping']).then((r) => r.stdout.trim(), () => '')));
  return answers.filter((a) => a === 'PONG').length;
}

async function clusterState(port: number): Promise<string> {
  const { stdout } = await run('redis-cli', ['-p', String(port), 'cluster', 'info']);
  return /cluster_state:(\w+)/.exec(stdout)?.[1] ?? '';
}

