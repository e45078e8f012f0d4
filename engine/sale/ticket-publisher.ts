// Hands admitted tickets to JetStream in micro-batches per partition (flushed at batchMax tickets or
// after batchDelayMs), because one message per ticket caps near 17k/s here. A publish that fails is
// only logged: the ticket stays in the Redis pending set and the sweeper publishes it again.
import type { JetStreamClient } from '@nats-io/jetstream';
import type { MsgHdrs } from '@nats-io/transport-node';
import { SpanStatusCode, type Span } from '@opentelemetry/api';
import type { EngineConfig } from '../config.js';
import { log } from '../log.js';
import { publishDuration, ticketsPublished } from '../metrics.js';
import { partitionOf } from '../partitioning.js';
import { traceHeaders } from '../trace-headers.js';
import { contextFrom, SpanKind, startSpan, traceparentOf, tracingOn } from '../tracing.js';
import { salePartitionSubject } from '../subjects.js';
import { encodeTicketBatch } from '../wire-codec.js';
import type { TicketRecord } from '../wire-types.js';

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

export class TicketPublisher {
  private readonly buffers: TicketRecord[][];
  private readonly timers: (NodeJS.Timeout | undefined)[];
  private readonly inFlight = new Set<Promise<void>>();

  private readonly namespace: string;
  private readonly batchMax: number;
  private readonly batchDelayMs: number;

  constructor(
    private readonly js: JetStreamClient,
    config: EngineConfig,
  ) {
    this.namespace = config.namespace;
    this.batchMax = config.publish.batchMax;
    this.batchDelayMs = config.publish.batchDelayMs;
    this.buffers = Array.from({ length: config.partitions }, () => []);
    this.timers = new Array(config.partitions).fill(undefined);
  }

  enqueue(ticket: TicketRecord): void {
    const partition = partitionOf(ticket[0], this.buffers.length);
    const buffer = this.buffers[partition];
    buffer.push(ticket);
    if (buffer.length >= this.batchMax) this.flush(partition);
    else if (this.timers[partition] === undefined) {
      this.timers[partition] = setTimeout(() => this.flush(partition), this.batchDelayMs);
    }
  }

  /** Publishes tickets that were admitted earlier (the sweeper), in batches, and waits for the acks. */
  async publishNow(tickets: TicketRecord[]): Promise<void> {
    for (const ticket of tickets) this.enqueue(ticket);
    await this.drain();
  }

  /** Flushes every buffer and waits until all publishes are acknowledged (or failed). */
  async drain(): Promise<void> {
    for (let p = 0; p < this.buffers.length; p++) if (this.buffers[p].length > 0) this.flush(p);
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  private flush(partition: number): void {
    clearTimeout(this.timers[partition]);
    this.timers[partition] = undefined;
    const tickets = this.buffers[partition];
    if (tickets.length === 0) return;
    this.buffers[partition] = [];
    const started = performance.now();
    const spans = tracingOn() ? traceSampledTickets(tickets) : undefined;
    const publish = this.js
      .publish(salePartitionSubject(this.namespace, partition), encodeTicketBatch({ tickets }), {
        // same first ticket and size = same batch: a retried publish is dropped by the stream
        msgID: `${tickets[0][1]}+${tickets.length}`,
        headers: spans?.headers,
      })
      .then(
        () => {
          published.inc(tickets.length);
          publishDuration.observe((performance.now() - started) / 1000);
          spans?.end();
        },
        (err: unknown) => {
          publishFailed.inc(tickets.length);
          log('warn', 'publish failed; the sweeper will republish', { tickets: tickets.length, err });
          spans?.end(err);
        },
      )
      .finally(() => this.inFlight.delete(publish));
    this.inFlight.add(publish);
  }
}
