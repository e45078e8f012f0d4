// One ordered actor per partition: JetStream delivers into a mailbox, and the actor applies whatever
// has accumulated as one batch (one Postgres transaction), then acks. While a transaction runs, the
// next batch builds up, so batches grow with load. With a linger, an idle actor woken by a few messages
// first waits that long for more: at a moderate rate, one transaction per message costs the machine
// several times what the rows cost (measured: docs/benchmarks.md, issue #17).
// Subclasses decode a message into records, apply records, and run what follows the commit.
import type { Consumer, ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import { log } from '../../engine/platform/log.js';

const RETRY_DELAY_MS = 1_000;

export abstract class PartitionActor<R, A> {
  private readonly mailbox: JsMsg[] = [];
  private messages?: ConsumerMessages;
  private running?: Promise<void>;
  /** set while the actor lingers: ends the wait early (a full batch, a stop) */
  private endLinger?: () => void;
  private stopped = false;

  constructor(
    private readonly consumer: Consumer,
    protected readonly partition: number,
    private readonly batchMaxMessages: number,
    /** ms an actor woken with fewer than batchMaxMessages messages waits for more (0: none) */
    private readonly lingerMs = 0,
  ) {}

  protected abstract decode(data: Uint8Array): R[];
  /** Applies the records durably; a throw means "try again later" (the batch is redelivered). */
  protected abstract apply(records: R[]): Promise<A>;
  /** Runs after the commit and the acks (clear the outbox, push statuses); failures are only logged. */
  protected abstract afterCommit(records: R[], applied: A): Promise<void>;
  /** Work of the actor's own (e.g. answers of remote calls) that makes a step worth running without messages. */
  protected hasPendingWork(): boolean {
    return false;
  }

  /** Runs a step soon if none is running: the actor's own work arrived. */
  protected wake(): void {
    if (!this.stopped) this.running ??= this.lingerThenDrain().finally(() => (this.running = undefined));
  }

  private async lingerThenDrain(): Promise<void> {
    if (this.lingerMs > 0 && this.mailbox.length < this.batchMaxMessages) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.lingerMs);
        this.endLinger = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.endLinger = undefined;
    }
    await this.drainMailbox();
  }

  async start(): Promise<void> {
    this.messages = await this.consumer.consume({
      max_messages: this.batchMaxMessages * 4,
      callback: (msg) => this.receive(msg),
    });
  }

  /**
   * Stops taking messages and waits for the batch in progress; what is still in the mailbox is nak'd.
   * With `handOver` (the partition's lease is still ours) the durable consumer is then deleted: closing
   * drops the messages already on their way to this process, which would wait out the ack wait, while
   * the next owner recreates the consumer and, the stream being a work queue, gets every message not
   * yet acked at once. Without the lease (lost), another worker may own the consumer already: keep it.
   */
  async stop(handOver: boolean): Promise<void> {
    this.stopped = true;
    this.endLinger?.();
    await this.messages?.close();
    await this.running;
    for (const msg of this.mailbox.splice(0)) msg.nak();
    if (!handOver) return;
    await this.consumer.delete().catch((err: unknown) => {
      log('warn', 'consumer not deleted at hand-over; its in-flight messages wait for the ack wait', { partition: this.partition, err });
    });
  }

  private receive(msg: JsMsg): void {
    if (this.stopped) return void msg.nak();
    this.mailbox.push(msg);
    if (this.mailbox.length >= this.batchMaxMessages) this.endLinger?.();
    this.wake();
  }

  private async drainMailbox(): Promise<void> {
    while ((this.mailbox.length > 0 || this.hasPendingWork()) && !this.stopped) {
      await this.process(this.mailbox.splice(0, this.batchMaxMessages));
    }
  }

  private async process(batch: JsMsg[]): Promise<void> {
    const accepted: JsMsg[] = [];
    const records: R[] = [];
    for (const msg of batch) {
      try {
        records.push(...this.decode(msg.data));
        accepted.push(msg);
      } catch (err) {
        log('error', 'dropping undecodable message', { actor: this.constructor.name, partition: this.partition, seq: msg.seq, err });
        msg.term();
      }
    }
    if (records.length === 0 && !this.hasPendingWork()) return;
    let applied: A;
    try {
      applied = await this.apply(records);
    } catch (err) {
      // transient (Postgres down, conflicts exhausted): JetStream redelivers; rows are keyed, so nothing doubles
      log('warn', 'batch failed, will be redelivered', { actor: this.constructor.name, partition: this.partition, records: records.length, err });
      for (const msg of accepted) msg.nak(RETRY_DELAY_MS);
      return;
    }
    for (const msg of accepted) msg.ack();
    await this.afterCommit(records, applied).catch((err: unknown) => {
      // the outbox sweep republishes what is still pending, and the keyed rows make that harmless
      log('warn', 'after-commit step failed', { actor: this.constructor.name, partition: this.partition, err });
    });
  }
}
