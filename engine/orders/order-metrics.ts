// Prometheus metrics of the order saga, on the engine's shared registry (names used by the ops dashboards).
import client from 'prom-client';
import { registry } from '../platform/metrics.js';

export const sagaParked = new client.Counter({
  name: 'gopang_saga_parked_total',
  help: 'Orders parked because a compensation kept failing (needs a person)',
  registers: [registry],
});

export const sagaOrders = new client.Gauge({
  name: 'gopang_saga_orders',
  help: 'Orders whose saga is not final, by saga step, plus PARKED',
  labelNames: ['state'] as const,
  registers: [registry],
});

export const sagaTransitions = new client.Counter({
  name: 'gopang_saga_transitions_total',
  help: 'Saga steps entered',
  labelNames: ['step'] as const,
  registers: [registry],
});

export const expiredOrders = new client.Counter({
  name: 'gopang_orders_expired_total',
  help: 'Orders unpaid at their payBy that expired',
  registers: [registry],
});

export const unitsReturned = new client.Counter({
  name: 'gopang_sale_units_returned_total',
  help: 'Flash-sale units of expired orders put back on sale (each at most once)',
  registers: [registry],
});
