// One lease covers every actor of a partition (its sale actor and its reservation actor): they start
// and stop together. If one fails to start, the ones already started stop again, so the lease is
// either fully worked or handed back.
import type { PartitionWork } from './partition-ownership.js';

export type ActorStarter = (partition: number) => Promise<PartitionWork>;

export function startTogether(starters: ActorStarter[]): ActorStarter {
  return async (partition) => {
    const started = await Promise.allSettled(starters.map((start) => start(partition)));
    const actors = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const stopAll = async (handOver: boolean) => void (await Promise.all(actors.map((a) => a.stop(handOver))));
    const failure = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failure) {
      await stopAll(true);
      throw failure.reason;
    }
    return { stop: stopAll };
  };
}
