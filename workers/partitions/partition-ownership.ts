// Dynamic partition ownership: every WORKER_REBALANCE_MS a worker compares what it owns with its fair
// share, ceil(partitions / live workers). Over its share it hands back the partitions it prefers least
// (their actors stop first, then the lease goes); under it, it leases free partitions in its own order of
// preference (engine/platform/messaging/partitioning.ts preferenceOrder) and starts their actors. A partition's actors only
// run while its lease is held, so no two workers process a partition at once. When the lease connection
// dies every actor stops at once (the locks are already gone) and the next round reconnects.
import client from 'prom-client';
import { log } from '../../engine/platform/log.js';
import { registry } from '../../engine/platform/metrics.js';
import { preferenceOrder } from '../../engine/platform/messaging/partitioning.js';
import type { LeaseSession } from './partition-leases.js';

const ownedPartitionsGauge = new client.Gauge({
  name: 'gopang_worker_owned_partitions',
  help: 'Partitions this worker holds the lease of (and runs the sale and reservation actors of)',
  registers: [registry],
});

/** The running actors of one partition. */
export interface PartitionWork {
  /** `handOver`: the lease is still held, so the actors may clean up for the next owner */
  stop(handOver: boolean): Promise<void>;
}

export interface OwnershipOptions {
  partitions: number;
  rebalanceMs: number;
  /** orders this worker's preferences; unique per worker process */
  memberId: string;
  openSession(onLost: (err: unknown) => void): Promise<LeaseSession>;
  startWork(partition: number): Promise<PartitionWork>;
}

type ReleaseReason = 'rebalance' | 'lease lost' | 'shutdown';

export class PartitionOwnership {
  private session?: LeaseSession;
  private readonly work = new Map<number, PartitionWork>();
  private readonly preference: number[];
  /** rounds run one at a time, in this chain */
  private round: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly options: OwnershipOptions) {
    this.preference = preferenceOrder(options.partitions, options.memberId);
  }

  /** Partitions owned now, in ascending order. */
  get owned(): number[] {
    return [...this.work.keys()].sort((a, b) => a - b);
  }

  /** Runs the first round (so a lone worker owns everything when this resolves), then one per interval. */
  async start(): Promise<void> {
    await this.schedule();
    this.timer = setInterval(() => void this.schedule(), this.options.rebalanceMs);
  }

  /** Stops every actor (each finishes its batch), then ends the session, which frees the leases. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.round;
    await this.releaseAll('shutdown');
    await this.session?.close();
  }

  private schedule(): Promise<void> {
    this.round = this.round.then(() => this.rebalance()).catch((err: unknown) => log('warn', 'partition rebalance failed', { err }));
    return this.round;
  }

  private async rebalance(): Promise<void> {
    if (this.stopped) return;
    if (this.session?.lost) await this.dropSession();
    this.session ??= await this.options.openSession((err) => {
      log('warn', 'partition lease connection lost', { err });
      void this.schedule(); // stop the actors now: their leases are gone
    });
    const session = this.session;
    const members = await session.members();
    const share = Math.ceil(this.options.partitions / members);
    if (this.work.size > share) {
      const extras = this.preference.filter((p) => this.work.has(p)).slice(share);
      for (const partition of extras) {
        await this.stopWork(partition, 'rebalance');
        await session.release(partition);
      }
      return;
    }
    if (this.work.size === share) return;
    const leased = await session.leasedPartitions();
    for (const partition of this.preference) {
      if (this.work.size >= share || this.stopped) break;
      if (leased.has(partition) || !(await session.tryAcquire(partition))) continue;
      await this.startWork(partition, session, members, share);
    }
  }

  private async startWork(partition: number, session: LeaseSession, members: number, share: number): Promise<void> {
    log('info', 'partition acquired', { partition, members, share });
    try {
      this.work.set(partition, await this.options.startWork(partition));
    } catch (err) {
      log('warn', 'partition released', { partition, reason: 'actors did not start', err });
      await session.release(partition);
      return;
    }
    ownedPartitionsGauge.set(this.work.size);
  }

  /** The session died: its locks are gone, so every actor stops at once; the next round reconnects. */
  private async dropSession(): Promise<void> {
    await this.releaseAll('lease lost');
    await this.session?.close();
    this.session = undefined;
  }

  private async releaseAll(reason: ReleaseReason): Promise<void> {
    await Promise.all([...this.work.keys()].map((p) => this.stopWork(p, reason)));
  }

  private async stopWork(partition: number, reason: ReleaseReason): Promise<void> {
    const work = this.work.get(partition);
    if (!work) return;
    try {
      await work.stop(reason !== 'lease lost');
    } catch (err) {
      log('warn', 'partition actors did not stop cleanly', { partition, err });
    }
    this.work.delete(partition);
    ownedPartitionsGauge.set(this.work.size);
    log('info', 'partition released', { partition, reason });
  }
}
