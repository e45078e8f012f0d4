// One measured run of the ws bench: E edge processes sharing one port (SO_REUSEPORT), G connection
// generators, as many authenticated clients as the file-descriptor limit allows toward the target;
// then memory per connection, connect rate, per-user push latency and broadcast-to-all time.
import { readFileSync } from 'node:fs';
import { connectNats } from '../../engine/platform/messaging/nats-connection.js';
import { ensureSigningKeys } from '../../engine/auth/signing-keys.js';
import { publishPush } from '../../engine/push/push-publisher.js';
import { freePort, startRole, type RoleProcess } from '../../test/support/engine-processes.js';
import { createTestNamespace } from '../../test/support/test-namespace.js';
import { GeneratorPool } from './generator-pool.js';
import { wallNow, type ConnectResult, type GeneratorStats } from './generator-protocol.js';

export interface ScenarioSettings {
  edges: number;
  target: number;
  fdLimit: number;
  pushes: number;
  broadcasts: number;
  concurrency: number;
  /** distinct loopback source addresses per run, so ports in TIME_WAIT from a previous run never collide */
  run: number;
}

export interface ScenarioFigures {
  edges: number;
  target: number;
  attempted: number;
  connected: number;
  failed: number;
  firstError?: string;
  generators: number;
  rssBaseMiB: number;
  rssAfterMiB: number;
  kibPerConnection: number;
  connectPerSec: number;
  /** edge CPU spent per accepted connection (token verify, upgrade, subscribe, hello), all edges */
  edgeCpuPerConnectUs: number;
  /** per broadcast round: CPU the busiest edge spent, ms (writing to its clients) */
  broadcastEdgeCpuMs: number[];
  subscribeAllMs: number;
  push: { sent: number; received: number; p50: number; p99: number; max: number };
  broadcastMs: number[];
}

/** Sockets a process keeps for itself (NATS, Redis, Postgres, stdio, listen socket) besides clients. */
const RESERVED_FDS = 300;
const FIRST_USER_ID = 1_000_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

function rssMiB(pid: number | undefined): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export async function runScenario(s: ScenarioSettings, progress: (m: string) => void): Promise<ScenarioFigures> {
  const perProcess = s.fdLimit - RESERVED_FDS;
  // SO_REUSEPORT spreads connections by hash, not evenly: leave each edge a little room
  const attempted = Math.min(s.target, Math.floor(s.edges * perProcess * (s.edges > 1 ? 0.97 : 1)));
  // at least two: one client process is slower at its end than an edge is at its own
  const generators = Math.max(2, Math.ceil(attempted / perProcess));
  const port = await freePort();
  const ns = await createTestNamespace({ HTTP_PORT: String(port), WS_MAX_CONNECTIONS_PER_IP: '1000000', WS_MAX_MESSAGES_PER_SEC: '100', LOG_LEVEL: 'warn' });
  await ensureSigningKeys(ns.config.dataDir);
  const edges: RoleProcess[] = [];
  let pool: GeneratorPool | undefined;
  const nc = await connectNats(ns.config.nats);
  try {
    for (let i = 0; i < s.edges; i++) edges.push(await startRole('edge', ns.env));
    await sleep(1_000);
    const rssBaseMiB = edges.reduce((sum, e) => sum + rssMiB(e.child.pid), 0);
    progress(`${s.edges} edge(s) on port ${port}: opening ${attempted} connections from ${generators} generator(s)`);
    pool = GeneratorPool.start(generators, ns.env);
    const edgeCpu = () => edges.map((e) => cpuSeconds(e.child.pid));
    const cpuBefore = edgeCpu(); // minting tokens happens in the generators, not the edges
    const share = Math.ceil(attempted / generators);
    const results = await pool.all<ConnectResult>((g) => ({
      cmd: 'connect',
      url: `ws://127.0.0.1:${port}/ws`,
      firstUserId: FIRST_USER_ID + g * share,
      count: Math.min(share, attempted - g * share),
      localAddress: `127.${s.run}.${g + 1}.1`,
      concurrency: s.concurrency,
    }));
    const connected = results.reduce((n, r) => n + r.connected, 0);
    const failed = results.reduce((n, r) => n + r.failed, 0);
    const connectMs = Math.max(...results.map((r) => r.connectMs));
    const edgeCpuConnect = edgeCpu().reduce((sum, cpu, i) => sum + cpu - cpuBefore[i], 0);
    progress(`connected ${connected} (${failed} failed) in ${(connectMs / 1000).toFixed(1)} s`);

    let started = performance.now();
    await pool.all(() => ({ cmd: 'subscribe', topic: 'broadcast' }));
    const subscribeAllMs = performance.now() - started;
    await sleep(2_000);
    const rssAfterMiB = edges.reduce((sum, e) => sum + rssMiB(e.child.pid), 0);

    progress(`per-user pushes: ${s.pushes}`);
    for (let i = 0; i < s.pushes; i++) {
      const g = i % generators;
      const userId = FIRST_USER_ID + g * share + Math.floor(Math.random() * results[g].connected);
      publishPush(nc, ns.name, `user.${userId}`, { t: wallNow() });
      if (i % 20 === 19) await sleep(10); // about 2,000 pushes a second
    }
    await nc.flush();
    await sleep(2_000);
    const latencies = (await pool.all<GeneratorStats>(() => ({ cmd: 'stats' }))).flatMap((st) => st.pushLatencies).sort((a, b) => a - b);

    const broadcastMs: number[] = [];
    const broadcastEdgeCpuMs: number[] = [];
    for (let round = 1; round <= s.broadcasts; round++) {
      const roundCpu = edgeCpu();
      started = wallNow();
      publishPush(nc, ns.name, 'broadcast', { b: round, t: started });
      const deadline = Date.now() + 30_000;
      for (;;) {
        await sleep(50);
        const stats = await pool.all<GeneratorStats>(() => ({ cmd: 'stats' }));
        const got = stats.reduce((n, st) => n + (st.broadcasts[round]?.[0] ?? 0), 0);
        if (got >= connected || Date.now() > deadline) {
          broadcastMs.push(Math.max(...stats.map((st) => st.broadcasts[round]?.[1] ?? started)) - started);
          if (got < connected) progress(`broadcast ${round}: only ${got} of ${connected} within 30 s`);
          broadcastEdgeCpuMs.push(Math.max(...edgeCpu().map((cpu, i) => cpu - roundCpu[i])) * 1000);
          break;
        }
      }
      await sleep(500);
    }
    return {
      edges: s.edges,
      target: s.target,
      attempted,
      connected,
      failed,
      firstError: results.find((r) => r.firstError)?.firstError,
      generators,
      rssBaseMiB,
      rssAfterMiB,
      kibPerConnection: ((rssAfterMiB - rssBaseMiB) * 1024) / Math.max(1, connected),
      connectPerSec: connected / (connectMs / 1000),
      edgeCpuPerConnectUs: (edgeCpuConnect * 1e6) / Math.max(1, connected),
      broadcastEdgeCpuMs,
      subscribeAllMs,
      push: { sent: s.pushes, received: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? Number.NaN },
      broadcastMs,
    };
  } finally {
    await pool?.close();
    for (const edge of edges) await edge.stop();
    await nc.close();
    await ns.cleanup();
  }
}
