// Where the two cores go during one load: CPU seconds of chosen processes (/proc/<pid>/stat), of Redis
// (INFO cpu) and of the whole machine (/proc/stat), as "cores busy" over the load's wall time.
// Linux only; elsewhere the figures come out as NaN rather than failing the bench.
import { readFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import type { Redis } from 'ioredis';
import type pg from 'pg';

const TICKS_PER_SEC = 100; // USER_HZ

export type CpuGroups = Record<string, (number | undefined)[]>;

/** The Postgres backends serving this database (its roles' pools), for a `postgres` group. */
export async function postgresBackends(db: pg.Pool): Promise<number[]> {
  const { rows } = await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
  return rows.map((r) => r.pid);
}

export interface CpuSnapshot {
  atMs: number;
  /** CPU seconds per process of each group, NaN where the process could not be read */
  groups: Record<string, Map<number | undefined, number>>;
  redis: number;
  machineBusy: number;
  machineTotal: number;
}

/** Cores kept busy by each group, Redis, the load generator, the rest, and the machine as a whole. */
export type CoresBusy = Record<string, number>;

async function processCpuSec(pid: number | undefined): Promise<number> {
  if (pid === undefined) return NaN;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // after "(comm) " come fields 3..: utime and stime are fields 14 and 15
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SEC;
}

async function machineTicks(): Promise<{ busy: number; total: number }> {
  const line = (await readFile('/proc/stat', 'utf8').catch(() => '')).split('\n')[0];
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.split(/\s+/).slice(1, 9).map(Number);
  const total = user + nice + system + idle + iowait + irq + softirq + steal;
  return { busy: total - idle - iowait, total };
}

async function redisCpuSec(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const read = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
  return read('used_cpu_user') + read('used_cpu_sys');
}

const QUIET_CORES = 0.3;
const QUIET_TIMEOUT_MS = 60_000;

/**
 * Waits until the whole machine keeps fewer than QUIET_CORES busy over a second, so a measured run does not
 * share the cores with what the previous one left behind (the worker's backlog, expiry jobs, autovacuum);
 * gives up after QUIET_TIMEOUT_MS. Returns the cores busy in the last second.
 */
export async function untilQuiet(progress: (message: string) => void): Promise<number> {
  const started = performance.now();
  for (let before = await machineTicks(); ; ) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const after = await machineTicks();
    const busy = ((after.busy - before.busy) / (after.total - before.total || 1)) * cpus().length;
    if (!(busy >= QUIET_CORES)) return busy; // NaN (no /proc): nothing to wait for
    if (performance.now() - started > QUIET_TIMEOUT_MS) {
      progress(`the machine is still busy (${busy.toFixed(2)} cores) after ${QUIET_TIMEOUT_MS / 1_000} s; measuring anyway`);
      return busy;
    }
    progress(`waiting for a quiet machine: ${busy.toFixed(2)} cores busy`);
    before = after;
  }
}

export async function cpuSnapshot(groups: CpuGroups, redis: Redis): Promise<CpuSnapshot> {
  const byGroup: CpuSnapshot['groups'] = {};
  for (const [name, pids] of Object.entries(groups)) {
    const seconds = await Promise.all(pids.map(processCpuSec));
    byGroup[name] = new Map(pids.map((pid, i) => [pid, seconds[i]]));
  }
  const [redisSec, machine] = await Promise.all([redisCpuSec(redis), machineTicks()]);
  return { atMs: performance.now(), groups: byGroup, redis: redisSec, machineBusy: machine.busy, machineTotal: machine.total };
}

export function coresBusy(from: CpuSnapshot, to: CpuSnapshot, generatorCpuSec: number): CoresBusy {
  const wallSec = (to.atMs - from.atMs) / 1_000;
  const busy: CoresBusy = {};
  for (const name of Object.keys(to.groups)) busy[name] = groupCpuSec(from.groups[name], to.groups[name]) / wallSec;
  busy.redis = (to.redis - from.redis) / wallSec;
  busy['load generator'] = generatorCpuSec / wallSec;
  busy.machine = ((to.machineBusy - from.machineBusy) / (to.machineTotal - from.machineTotal)) * cpus().length;
  // NATS, Postgres, the scheduler, softirq network work, and whatever else shares the machine
  busy.rest = busy.machine - Object.entries(busy).reduce((sum, [name, cores]) => (name === 'machine' ? sum : sum + cores), 0);
  return busy;
}

/**
 * CPU seconds a group used between two snapshots. A process that ended in between (a Postgres backend
 * closed by an idle pool) is left out rather than spoiling the sum; an unknown pid still gives NaN.
 */
function groupCpuSec(from: Map<number | undefined, number>, to: Map<number | undefined, number>): number {
  let sum = 0;
  for (const [pid, end] of to) {
    const start = from.get(pid);
    if (pid === undefined) return NaN;
    if (start !== undefined && !Number.isNaN(start) && !Number.isNaN(end)) sum += end - start;
  }
  return sum;
}

export function describeCores(busy: CoresBusy): string {
  const machine = `machine ${busy.machine.toFixed(2)}/${cpus().length}`;
  const parts = Object.entries(busy)
    .filter(([name]) => name !== 'machine')
    .map(([name, cores]) => `${name} ${cores.toFixed(2)}`);
  return [...parts, machine].join(', ');
}
