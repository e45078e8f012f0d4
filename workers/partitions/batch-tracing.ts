// Spans of one worker batch: one "worker apply" span per sampled ticket, child of its publish span.
// The first is the parent of the transaction's SQL spans; the others link to it.
import { SpanStatusCode, type Span } from '@opentelemetry/api';
import { contextFrom, SpanKind, startSpan, traceparentOf } from '../../engine/platform/tracing.js';
import type { TicketRecord } from '../../engine/sale/sale-wire-types.js';

export interface BatchTrace {
  /** the parent of the batch's SQL spans */
  span: Span;
  end(err?: unknown): void;
}

export function traceBatch(tickets: TicketRecord[], partition: number): BatchTrace | undefined {
  const sampled = tickets.filter((t) => t[4]);
  if (sampled.length === 0) return undefined;
  const spans: Span[] = [];
  for (const ticket of sampled) {
    const links = spans.length > 0 ? [{ context: spans[0].spanContext() }] : undefined;
    const span = startSpan('worker apply', contextFrom(ticket[4]), SpanKind.CONSUMER, links);
    span.setAttributes({ 'gopang.partition': partition, 'gopang.batch_tickets': tickets.length });
    ticket[4] = traceparentOf(span); // the push that follows becomes its child
    spans.push(span);
  }
  return {
    span: spans[0],
    end(err) {
      for (const span of spans) {
        if (err) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      }
    },
  };
}
