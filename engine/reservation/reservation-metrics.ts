// Prometheus metrics of reservations, on the engine's shared registry.
import client from 'prom-client';
import { registry } from '../platform/metrics.js';

export const reservationAdmissions = new client.Counter({
  name: 'gopang_reservation_admissions_total',
  help: 'Reservation requests by outcome (RESERVED, REPLAY or a refusal code)',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

export const reservationTransitions = new client.Counter({
  name: 'gopang_reservation_transitions_total',
  help: 'Reservations that reached a state (HELD, CONFIRMED, EXPIRED, CANCELLED)',
  labelNames: ['state'] as const,
  registers: [registry],
});
