// The flash-sale actor of one partition: ticket batches become order rows in one transaction.
import type { Consumer } from '@nats-io/jetstream';
import { workerBatchSize, workerTxDuration } from '../../engine/platform/metrics.js';
import { tracingOn } from '../../engine/platform/tracing.js';
import { saleQueue } from '../../engine/sale/sale-queue.js';
import type { TicketRecord } from '../../engine/sale/sale-wire-types.js';
import { traceBatch } from '../partitions/batch-tracing.js';
import type { AppliedBatch, OrderWriter } from './ticket-writer.js';
import { PartitionActor } from '../partitions/partition-actor.js';

export interface SaleActorOptions {
  partition: number;
  batchMaxMessages: number;
  /** WORKER_BATCH_LINGER_MS */
  lingerMs: number;
  /** runs after the commit and the acks: clear the outbox, push statuses */
  afterCommit(tickets: TicketRecord[], applied: AppliedBatch): Promise<void>;
}

export class SalePartitionActor extends PartitionActor<TicketRecord, AppliedBatch> {
  constructor(
    consumer: Consumer,
    private readonly writer: OrderWriter,
    private readonly options: SaleActorOptions,
  ) {
    super(consumer, options.partition, options.batchMaxMessages, options.lingerMs);
  }

  protected decode(data: Uint8Array): TicketRecord[] {
    return saleQueue.decode(data);
  }

  protected async apply(tickets: TicketRecord[]): Promise<AppliedBatch> {
    const started = performance.now();
    const trace = tracingOn() ? traceBatch(tickets, this.partition) : undefined;
    try {
      const applied = await this.writer.apply(tickets, trace?.span);
      trace?.end();
      workerTxDuration.observe((performance.now() - started) / 1000);
      workerBatchSize.observe(tickets.length);
      return applied;
    } catch (err) {
      trace?.end(err);
      throw err;
    }
  }

  protected afterCommit(tickets: TicketRecord[], applied: AppliedBatch): Promise<void> {
    return this.options.afterCommit(tickets, applied);
  }
}
