// Messages that cross process boundaries (msgpackr on JetStream, JSON over HTTP).

/**
 * One admitted ticket on the wire: compact, since a batch carries hundreds. A sampled ticket carries its
 * trace ('' when not sampled); the Idempotency-Key goes to the order row, so a counter rebuild after
 * Redis lost its data can restore the key's answer (absent on tickets from before it was added).
 */
export type TicketRecord = [saleId: number, ticketId: string, userId: number, quantity: number, traceparent?: string, idempotencyKey?: string];

export type TicketStatus = 'ADMITTED' | 'CONFIRMED' | 'FAILED';

/** Pushed to `push.user.<id>` when a ticket reaches a final state. */
export interface TicketStatusPush {
  type: 'ticket';
  ticket: string;
  saleId: number;
  status: TicketStatus;
  orderId?: string;
}
