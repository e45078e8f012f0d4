// Ticket ids are UUIDv7: unique without coordination, time-ordered, and carrying their admission
// time, which is also the order row's partition key (so a redelivered ticket hits the same partition).
import { randomUUID } from 'node:crypto';

export function newTicketId(nowMs: number = Date.now()): string {
  const time = nowMs.toString(16).padStart(12, '0');
  const random = randomUUID(); // xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15, 18)}-${random.slice(19)}`;
}

export function ticketTimeMs(ticketId: string): number {
  return parseInt(ticketId.slice(0, 8) + ticketId.slice(9, 13), 16);
}

const uuidV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The ticket as clients see it: "<saleId>_<uuid>", so a lookup knows which sale's keys to read. */
export function publicTicket(saleId: number, ticketId: string): string {
  return `${saleId}_${ticketId}`;
}

export function parsePublicTicket(ticket: string): { saleId: number; ticketId: string } | undefined {
  const cut = ticket.indexOf('_');
  if (cut < 1 || cut > 15) return undefined;
  const saleId = Number(ticket.slice(0, cut));
  const ticketId = ticket.slice(cut + 1);
  if (!Number.isSafeInteger(saleId) || saleId < 1 || !uuidV7.test(ticketId)) return undefined;
  return { saleId, ticketId };
}
