// Micro-batches items per partition before a publish: flushed at batchMax items or after batchDelayMs,
// because one JetStream message per item caps near 17k/s on this machine. Subclasses say which
// partition an item belongs to and how a batch is sent; send() handles its own failures (the callers'
// outboxes make a lost publish recoverable), the batcher only tracks what is in flight.

export interface BatchingOptions {
  partitions: number;
  batchMax: number;
  batchDelayMs: number;
}

export abstract class PartitionedBatcher<T> {
  private readonly buffers: T[][];
  private readonly timers: (NodeJS.Timeout | undefined)[];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly batching: BatchingOptions) {
    this.buffers = Array.from({ length: batching.partitions }, () => []);
    this.timers = new Array(batching.partitions).fill(undefined);
  }

  protected abstract partitionOf(item: T, partitions: number): number;
  protected abstract send(partition: number, items: T[]): Promise<void>;

  enqueue(item: T): void {
    const partition = this.partitionOf(item, this.buffers.length);
    const buffer = this.buffers[partition];
    buffer.push(item);
    if (buffer.length >= this.batching.batchMax) this.flush(partition);
    else if (this.timers[partition] === undefined) {
      this.timers[partition] = setTimeout(() => this.flush(partition), this.batching.batchDelayMs);
    }
  }

  /** Publishes items now (a sweeper republishing its outbox) and waits until every send settled. */
  async publishNow(items: T[]): Promise<void> {
    for (const item of items) this.enqueue(item);
    await this.drain();
  }

  /** Flushes every buffer and waits until all sends settled. */
  async drain(): Promise<void> {
    for (let p = 0; p < this.buffers.length; p++) if (this.buffers[p].length > 0) this.flush(p);
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  private flush(partition: number): void {
    clearTimeout(this.timers[partition]);
    this.timers[partition] = undefined;
    const items = this.buffers[partition];
    if (items.length === 0) return;
    this.buffers[partition] = [];
    const sending = this.send(partition, items).finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
  }
}
