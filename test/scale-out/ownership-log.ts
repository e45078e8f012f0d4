// Reads the "partition acquired"/"partition released" log lines of worker processes into ownership
// intervals, and finds partitions two workers ran at the same time.

export interface OwnershipInterval {
  worker: string;
  partition: number;
  from: number;
  /** Infinity while still owned */
  to: number;
  releaseReason?: string;
}

interface LogLine {
  msg?: string;
  time?: string;
  partition?: number;
  reason?: string;
}

/** `endedAt`: when the worker was killed (its open intervals end there). */
export function ownershipIntervals(worker: string, output: string, endedAt = Infinity): OwnershipInterval[] {
  const open = new Map<number, OwnershipInterval>();
  const closed: OwnershipInterval[] = [];
  for (const text of output.split('\n')) {
    if (!text.includes('"msg":"partition ')) continue;
    const line = JSON.parse(text) as LogLine;
    if (line.partition === undefined || line.time === undefined) continue;
    const at = Date.parse(line.time);
    if (line.msg === 'partition acquired') open.set(line.partition, { worker, partition: line.partition, from: at, to: Infinity });
    if (line.msg === 'partition released') {
      const interval = open.get(line.partition);
      if (!interval) continue;
      open.delete(line.partition);
      closed.push({ ...interval, to: at, releaseReason: line.reason });
    }
  }
  for (const interval of open.values()) closed.push({ ...interval, to: endedAt });
  return closed;
}

/** Pairs of intervals of different workers on the same partition that overlap in time. */
export function overlaps(intervals: OwnershipInterval[]): string[] {
  const found: string[] = [];
  for (const a of intervals) {
    for (const b of intervals) {
      if (a.worker >= b.worker || a.partition !== b.partition) continue;
      if (a.from < b.to && b.from < a.to) {
        found.push(`partition ${a.partition}: ${a.worker} [${iso(a.from)}, ${iso(a.to)}] and ${b.worker} [${iso(b.from)}, ${iso(b.to)}]`);
      }
    }
  }
  return found;
}

const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : 'now');
