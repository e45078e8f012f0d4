// One ordered actor per partition: JetStream delivers into a mailbox, and the actor applies whatever
// has accumulated as one batch (one Postgres transaction), then acks. While a transaction runs, the
// next batch builds up, so batches grow with load and latency stays flat when idle.
import type { Consumer, ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import { log } from '../engine/log.js';
import { workerBatchSize, workerTxDuration } from '../engine/metrics.js';
import { tracingOn } from '../engine/tracing.js';
import { decodeTicketBatch } from '../engine/wire-codec.js';
import type { TicketRecord } from '../engine/wire-types.js';
import { traceBatch } from './batch-tracing.js';
import type { AppliedBatch, OrderWriter } from './order-writer.js';

export interface ActorOptions {
  partition: number;
  batchMaxMessages: number;
  /** runs after the commit and the acks: clear the outbox, push statuses */
  afterCommit(tickets: TicketRecord[], applied: AppliedBatch): Promise<void>;
}

const RETRY_DELAY_MS = 1_000;

export class SalePartitionActor {
  private readonly mailbox: JsMsg[] = [];
  private messages?: ConsumerMessages;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly consumer: Consumer,
    private readonly writer: OrderWriter,
    private readonly options: ActorOptions,
  ) {}

  async start(): Promise<void> {
    this.messages = await this.consumer.consume({
      max_messages: this.options.batchMaxMessages * 4,
      callback: (msg) => this.receive(msg),
    });
  }

  /** Stops taking messages and waits for the batch in progress; un-acked messages are redelivered. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.messages?.close();
    await this.running;
  }

  private receive(msg: JsMsg): void {
    this.mailbox.push(msg);
    this.running ??= this.drainMailbox().finally(() => (this.running = undefined));
  }

  private async drainMailbox(): Promise<void> {
    while (this.mailbox.length > 0 && !this.stopped) {
      await this.process(this.mailbox.splice(0, this.options.batchMaxMessages));
    }
  }

  private async process(batch: JsMsg[]): Promise<void> {
    const accepted: JsMsg[] = [];
    const tickets: TicketRecord[] = [];
    for (const msg of batch) {
      try {
        tickets.push(...decodeTicketBatch(msg.data).tickets);
        accepted.push(msg);
      } catch (err) {
        log('error', 'dropping undecodable message', { partition: this.options.partition, seq: msg.seq, err });
        msg.term();
      }
    }
    if (tickets.length === 0) return;
    const started = performance.now();
    const trace = tracingOn() ? traceBatch(tickets, this.options.partition) : undefined;
    let applied: AppliedBatch;
    try {
      applied = trace ? await trace.run(() => this.writer.apply(tickets)) : await this.writer.apply(tickets);
      trace?.end();
    } catch (err) {
      trace?.end(err);
      // transient (Postgres down, conflicts exhausted): let JetStream redeliver; order rows are keyed by ticket
      log('warn', 'batch failed, will be redelivered', { partition: this.options.partition, tickets: tickets.length, err });
      for (const msg of accepted) msg.nak(RETRY_DELAY_MS);
      return;
    }
    workerTxDuration.observe((performance.now() - started) / 1000);
    workerBatchSize.observe(tickets.length);
    for (const msg of accepted) msg.ack();
    await this.options.afterCommit(tickets, applied).catch((err: unknown) => {
      // the sweeper will republish what is still pending, and the primary key makes that harmless
      log('warn', 'after-commit step failed', { partition: this.options.partition, err });
    });
  }
}
