// Hands admitted tickets to JetStream in micro-batches per partition. A publish that fails is only
// logged: the ticket stays in the Redis pending set and the sweeper publishes it again.
import type { JetStreamClient } from '@nats-io/jetstream';
import type { MsgHdrs } from '@nats-io/transport-node';
import { SpanStatusCode, type Span } from '@opentelemetry/api';
import type { EngineConfig } from '../platform/config.js';
import { log } from '../platform/log.js';
import { WorkQueuePublisher } from '../platform/messaging/work-queue-publisher.js';
import { publishDuration, ticketsPublished } from '../platform/metrics.js';
import { traceHeaders } from '../platform/trace-headers.js';
import { contextFrom, SpanKind, startSpan, traceparentOf, tracingOn } from '../platform/tracing.js';
import { saleQueue } from './sale-queue.js';
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

export class TicketPublisher extends WorkQueuePublisher<TicketRecord> {
  constructor(js: JetStreamClient, config: EngineConfig) {
    // its own delay: a ticket's publish is waited for by no request, so it can wait for company
    super(js, saleQueue, { ...config, publish: { batchMax: config.publish.batchMax, batchDelayMs: config.publish.ticketDelayMs } });
  }

  protected async send(partition: number, tickets: TicketRecord[]): Promise<void> {
    const started = performance.now();
    const spans = tracingOn() ? traceSampledTickets(tickets) : undefined;
    try {
      await this.publish(partition, tickets, spans?.headers);
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
