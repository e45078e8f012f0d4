// Hands admitted tickets to JetStream in micro-batches per partition. A publish that fails is only
// logged: the ticket stays in the Redis pending set and the sweeper publishes it again.
import type { JetStreamClient } from '@nats-io/jetstream';
import type { MsgHdrs } from '@nats-io/transport-node';
import { SpanStatusCode, type Span } from '@opentelemetry/api';
import type { EngineConfig } from '../platform/config.js';
import { log } from '../platform/log.js';
import { batchingFrom, PartitionedBatcher } from '../platform/messaging/partitioned-batcher.js';
import { publishDuration, ticketsPublished } from '../platform/metrics.js';
import { partitionOf } from '../platform/messaging/partitioning.js';
import { traceHeaders } from '../platform/trace-headers.js';
import { contextFrom, SpanKind, startSpan, traceparentOf, tracingOn } from '../platform/tracing.js';
import { salePartitionSubject } from './sale-subjects.js';
import { encodeTicketBatch } from '../platform/messaging/wire-codec.js';
import type { TicketRecord } from './sale-wire-types.js';

/**
 * A publish span per sampled ticket (child of its attempt); the ticket then carries the publish span's
 * context to the worker. The message header names the first one, for tools that read headers.
 */
function traceSampledTickets(tickets: TicketRecord[]): { headers?: MsgHdrs; end(err?: unknown): void } | undefined {
  const spans: Span[] = [];
  for (const ticket of tickets) {
    if (!ticket[4]) continue;
    const span = startSpan('jetstream publish', contextFrom(ticket[4]), SpanKind.PRODUCER);
    ticket[4] = traceparentOf(span);
    spans.push(span);
  }
  if (spans.length === 0) return undefined;
  return {
    headers: traceHeaders(traceparentOf(spans[0])),
    end(err?: unknown) {
      for (const span of spans) {
        if (err) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      }
    },
  };
}

const published = ticketsPublished.labels('ok');
const publishFailed = ticketsPublished.labels('failed');

export class TicketPublisher extends PartitionedBatcher<TicketRecord> {
  private readonly namespace: string;

  constructor(
    private readonly js: JetStreamClient,
    config: EngineConfig,
  ) {
    super(batchingFrom(config));
    this.namespace = config.namespace;
  }

  protected partitionOf(ticket: TicketRecord, partitions: number): number {
    return partitionOf(ticket[0], partitions);
  }

  protected async send(partition: number, tickets: TicketRecord[]): Promise<void> {
    const started = performance.now();
    const spans = tracingOn() ? traceSampledTickets(tickets) : undefined;
    try {
      await this.js.publish(salePartitionSubject(this.namespace, partition), encodeTicketBatch({ tickets }), {
        // same first ticket and size = same batch: a retried publish is dropped by the stream
        msgID: `${tickets[0][1]}+${tickets.length}`,
        headers: spans?.headers,
      });
      published.inc(tickets.length);
      publishDuration.observe((performance.now() - started) / 1000);
      spans?.end();
    } catch (err) {
      publishFailed.inc(tickets.length);
      log('warn', 'publish failed; the sweeper will republish', { tickets: tickets.length, err });
      spans?.end(err);
    }
  }
}
