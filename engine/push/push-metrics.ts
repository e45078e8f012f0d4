// Prometheus metrics of the WebSocket push edge (registered on the shared registry).
import client from 'prom-client';
import { registry } from '../platform/metrics.js';

export const wsConnections = new client.Gauge({
  name: 'gopang_ws_connections',
  help: 'Open WebSocket connections of this edge',
  registers: [registry],
});

export const wsUpgradesRefused = new client.Counter({
  name: 'gopang_ws_upgrades_refused_total',
  help: 'WebSocket upgrades refused, by error code',
  labelNames: ['code'] as const,
  registers: [registry],
});

export const wsClosed = new client.Counter({
  name: 'gopang_ws_closed_total',
  help: 'WebSocket connections closed, by reason (client, abrupt, too_big, rate_limited, slow_consumer, token_expired, session_revoked, shutdown, nats_unavailable)',
  labelNames: ['reason'] as const,
  registers: [registry],
});

export const wsSlowConsumersDropped = new client.Counter({
  name: 'gopang_ws_slow_consumers_dropped_total',
  help: 'Connections dropped because their unsent backlog passed WS_MAX_BACKPRESSURE_BYTES',
  registers: [registry],
});

export const wsMessagesDelivered = new client.Counter({
  name: 'gopang_ws_messages_delivered_total',
  help: 'Frames written to clients by topic fan-out',
  registers: [registry],
});

export const wsNatsSubscriptions = new client.Gauge({
  name: 'gopang_ws_nats_subscriptions',
  help: 'NATS push subjects this edge subscribes to (one per topic its clients hold)',
  registers: [registry],
});

export const wsFanoutDuration = new client.Histogram({
  name: 'gopang_ws_fanout_duration_seconds',
  help: 'Time one edge spends writing one published message to all its local subscribers of the topic',
  buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2],
  registers: [registry],
});
