// Pushes a reservation's new state to its owner's subject (JSON: WebSocket edges forward it as is).
import type { NatsConnection } from '@nats-io/transport-node';
import { userPushSubject } from '../sale/sale-subjects.js';
import { reservationTransitions } from './reservation-metrics.js';
import type { ReservationState, ReservationStatusPush } from './reservation-types.js';

/** Called once per transition that happened, so it also counts the transition. */
export function pushReservationStatus(nc: NatsConnection, namespace: string, userId: number, reservationId: string, status: ReservationState): void {
  reservationTransitions.labels(status).inc();
  const message: ReservationStatusPush = { type: 'reservation', reservationId, status };
  nc.publish(userPushSubject(namespace, userId), JSON.stringify(message));
}
