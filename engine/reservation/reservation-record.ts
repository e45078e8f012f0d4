// A reservation's record in the records hash (reservation-keys.ts), present while its units are taken in
// Redis: "userId|expiresAtMs|sku:qty:slot,...|fingerprint|idempotencyKey". lua/reserve-5.lua writes it and
// lua/release-4.lua reads its user and lines through lua/includes/reservationRecord.lua (same format; a test holds
// them together); a counter rebuild writes it, expiry, cancel and the order saga read it.
import type { ReservationLine, ReservationRecord } from './reservation-types.js';

/** Slots never hold '|', ':' or ',' (the edge's schema); the Idempotency-Key may, so it comes last. */
export function encodeReservationRecord(record: ReservationRecord): string {
  return `${record[1]}|${record[2]}|${record[3].map((l) => `${l[0]}:${l[1]}:${l[2]}`).join(',')}|${record[4] ?? ''}|${record[5] ?? ''}`;
}

export function decodeReservationRecord(reservationId: string, value: string): ReservationRecord | undefined {
  const [userId, expiresAtMs, list, print, ...key] = value.split('|');
  if (!list) return undefined;
  const lines = list.split(',').map((part): ReservationLine => {
    const [sku, quantity, slot] = part.split(':');
    return [Number(sku), Number(quantity), slot ?? ''];
  });
  return [reservationId, Number(userId), Number(expiresAtMs), lines, print ?? '', key.join('|')];
}
