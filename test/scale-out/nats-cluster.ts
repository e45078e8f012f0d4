// A throwaway three-server NATS cluster with JetStream (nats-server on free local ports, stores in a
// temp dir). Answers the reason instead when nats-server is missing or the cluster does not form.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { freePort } from '../support/engine-processes.js';
import { waitFor } from '../support/eventually.js';

export interface LocalNatsCluster {
  /** client URL per server name (nats-1..3) */
  urls: Map<string, string>;
  kill(name: string): Promise<void>;
  stop(): Promise<void>;
}

export type NatsClusterStart = { cluster: LocalNatsCluster } | { skipped: string };

export async function startNatsCluster(size = 3): Promise<NatsClusterStart> {
  const dir = await mkdtemp(join(tmpdir(), 'gopang-nats-cluster-'));
  const names = Array.from({ length: size }, (_, i) => `nats-${i + 1}`);
  const clientPorts = await Promise.all(names.map(() => freePort()));
  const routePorts = await Promise.all(names.map(() => freePort()));
  const routes = routePorts.map((p) => `nats://127.0.0.1:${p}`).join(',');
  const servers = new Map<string, ChildProcess>();
  const kill = async (name: string) => {
    const child = servers.get(name);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await once(child, 'exit');
  };
  const stop = async () => {
    for (const name of servers.keys()) await kill(name);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    names.forEach((name, i) => {
      const child = spawn('nats-server', [
        '-n', name, '-a', '127.0.0.1', '-p', String(clientPorts[i]), '-js', '-sd', join(dir, name),
        '--cluster_name', 'gopang-test', '--cluster', `nats://127.0.0.1:${routePorts[i]}`, '--routes', routes,
      ], { stdio: 'ignore' });
      child.on('error', () => {}); // a missing binary shows as an exit below
      servers.set(name, child);
    });
    await new Promise((r) => setTimeout(r, 500));
    const exited = [...servers].find(([, child]) => child.pid === undefined || child.exitCode !== null);
    if (exited) throw new Error(`${exited[0]} exited at start`);
    const urls = new Map(names.map((name, i) => [name, `nats://127.0.0.1:${clientPorts[i]}`]));
    return { cluster: { urls, kill, stop } };
  } catch (err) {
    await stop();
    return { skipped: `nats-server cannot run a cluster here: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/**
 * Waits until the cluster's JetStream places a stream on `replicas` servers: a meta leader answers before
 * every server has joined it, and until then an R3 stream is refused ("no suitable peers for placement").
 */
export function waitForJetStreamPlacement(nc: NatsConnection, replicas: number): Promise<JetStreamManager> {
  const probe = async () => {
    const jsm = await jetstreamManager(nc);
    const name = `placement_probe_${randomBytes(4).toString('hex')}`;
    await jsm.streams.add({ name, subjects: [`${name}.>`], num_replicas: replicas });
    await jsm.streams.delete(name);
    return jsm;
  };
  return waitFor(() => probe().catch(() => undefined), { timeoutMs: 30_000, intervalMs: 200, message: `JetStream placing a stream on ${replicas} servers` });
}
