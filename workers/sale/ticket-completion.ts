// After a batch commits: take its tickets out of the Redis outbox, mark poison tickets FAILED,
// and push each final status to the owner's subject (JSON, so WebSocket edges forward it as is).
import type { NatsConnection } from '@nats-io/transport-node';
import type { ChainableCommander } from 'ioredis';
import type { RedisClient } from '../../engine/platform/redis/redis-client.js';
import { saleKeys } from '../../engine/sale/sale-keys.js';
import { encodeTicketEntry } from '../../engine/sale/ticket-entry.js';
import { publicTicket } from '../../engine/sale/ticket-id.js';
import { userPushSubject } from '../../engine/sale/sale-subjects.js';
import { traceHeaders } from '../../engine/platform/trace-headers.js';
import { contextFrom, SpanKind, startSpan, traceparentOf, tracingOn } from '../../engine/platform/tracing.js';
import type { TicketRecord, TicketStatus, TicketStatusPush } from '../../engine/sale/sale-wire-types.js';
import type { AppliedBatch } from './ticket-writer.js';

export function ticketCompleter(redis: RedisClient, nc: NatsConnection, namespace: string) {
  const push = (ticket: TicketRecord, status: TicketStatus) => {
    const [saleId, ticketId, userId] = ticket;
    const message: TicketStatusPush = { type: 'ticket', ticket: publicTicket(saleId, ticketId), saleId, status };
    if (status === 'CONFIRMED') message.orderId = ticketId;
    const span = tracingOn() && ticket[4] ? startSpan('push publish', contextFrom(ticket[4]), SpanKind.PRODUCER) : undefined;
    nc.publish(userPushSubject(namespace, userId), JSON.stringify(message), { headers: traceHeaders(traceparentOf(span)) });
    span?.end();
  };

  return async (tickets: TicketRecord[], applied: AppliedBatch): Promise<void> => {
    // one pipeline per sale: a sale's keys share its hash tag, and a Redis Cluster runs a pipeline only within one slot
    const pipelines = new Map<number, ChainableCommander>();
    const pipelineOf = (saleId: number) => {
      let pipeline = pipelines.get(saleId);
      if (!pipeline) pipelines.set(saleId, (pipeline = redis.pipeline()));
      return pipeline;
    };
    for (const [saleId, ticketId] of tickets) pipelineOf(saleId).zrem(saleKeys(namespace, saleId).pending, ticketId);
    for (const [saleId, ticketId, userId, quantity, , idempotencyKey] of applied.failed) {
      pipelineOf(saleId).hset(saleKeys(namespace, saleId).tickets, ticketId, encodeTicketEntry({ userId, quantity, state: 'F', idempotencyKey: idempotencyKey ?? '' }));
    }
    await Promise.all([...pipelines.values()].map((pipeline) => pipeline.exec()));
    for (const ticket of applied.inserted) push(ticket, 'CONFIRMED');
    for (const ticket of applied.failed) push(ticket, 'FAILED');
  };
}
