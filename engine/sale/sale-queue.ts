// The work queue of admitted flash-sale tickets, partitioned by sale: one actor applies a sale's
// tickets in order (workers/sale/).
import { partitionOf } from '../platform/messaging/partitioning.js';
import { defineWorkQueue } from '../platform/messaging/work-queue.js';
import type { TicketRecord } from './sale-wire-types.js';

export const saleQueue = defineWorkQueue<TicketRecord>({
  name: 'sale',
  stream: 'SALES',
  batchField: 'tickets',
  partitionOf: (ticket, partitions) => partitionOf(ticket[0], partitions),
  // same first ticket and size = same batch: a retried publish is dropped by the stream
  dedupeId: (tickets) => `${tickets[0][1]}+${tickets.length}`,
});
