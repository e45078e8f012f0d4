// Reservation messages that cross process boundaries (msgpackr on JetStream, JSON over HTTP and push).

/** How a SKU's stock is counted: REALTIME in units (held + sold), RESERVABLE per slot (date/seat). */

/** One requested line: a SKU id, units, and the slot (date/seat) for RESERVABLE items, '' otherwise. */
export type ReservationLine = [skuId: number, quantity: number, slot: string];

/**
 * One admitted reservation on the wire. The request fingerprint and Idempotency-Key go to the row, so a
 * counter rebuild after Redis lost its data can restore the key's answer (absent on older records).
 */
export type ReservationRecord = [reservationId: string, userId: number, expiresAtMs: number, lines: ReservationLine[], print?: string, idempotencyKey?: string];

export type ReservationState = 'PENDING' | 'HELD' | 'CONFIRMED' | 'EXPIRED' | 'CANCELLED';

/** Pushed to `<ns>.push.user.<id>` on every state change. */
export interface ReservationStatusPush {
  type: 'reservation';
  reservationId: string;
  status: ReservationState;
}
