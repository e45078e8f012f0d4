// Prometheus metrics of this process (prom-client). Names follow Prometheus conventions; label sets are bounded.
import client from 'prom-client';

export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });

export const httpRequests = new client.Counter({
  name: 'gopang_http_requests_total',
  help: 'HTTP requests by route and status',
  labelNames: ['route', 'status'] as const,
  registers: [registry],
});

export const httpDuration = new client.Histogram({
  name: 'gopang_http_request_duration_seconds',
  help: 'HTTP request latency by route',
  labelNames: ['route'] as const,
  // up to 10 s: a slow upload, a stalled backing service or a long poll must not all land in +Inf
  buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const admissions = new client.Counter({
  name: 'gopang_admissions_total',
  help: 'Flash-sale attempts by outcome (ADMITTED, REPLAY or a refusal code)',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

export const admissionBatchAttempts = new client.Histogram({
  name: 'gopang_admission_batch_attempts',
  help: 'Flash-sale attempts admitted together in one Redis script call',
  buckets: [1, 2, 4, 8, 16, 32, 64],
  registers: [registry],
});

export const soldOutFastPath = new client.Counter({
  name: 'gopang_sold_out_fast_path_total',
  help: 'Attempts answered from the in-memory sold-out state without Redis',
  registers: [registry],
});

export const ticketsPublished = new client.Counter({
  name: 'gopang_tickets_published_total',
  help: 'Tickets handed to JetStream, by result',
  labelNames: ['result'] as const,
  registers: [registry],
});

export const publishDuration = new client.Histogram({
  name: 'gopang_jetstream_publish_duration_seconds',
  help: 'Time from JetStream publish to its ack, per micro-batch',
  buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5],
  registers: [registry],
});

export const workerBatchSize = new client.Histogram({
  name: 'gopang_worker_batch_tickets',
  help: 'Tickets applied per Postgres transaction',
  buckets: [1, 10, 50, 100, 250, 500, 1000, 2500, 5000],
  registers: [registry],
});

export const workerTxDuration = new client.Histogram({
  name: 'gopang_worker_transaction_duration_seconds',
  help: 'Postgres transaction latency of one worker batch',
  buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1],
  registers: [registry],
});

export const versionConflicts = new client.Counter({
  name: 'gopang_version_conflicts_total',
  help: 'Version-checked writes that found another writer first',
  labelNames: ['entity'] as const,
  registers: [registry],
});

export const ticketsSwept = new client.Counter({
  name: 'gopang_tickets_swept_total',
  help: 'Pending tickets republished by the sweeper',
  registers: [registry],
});

/** Memoises metric children per label value: `labels()` hashes its arguments on every call, the hot path can't afford that. */
export function memoChildren<K, T>(make: (key: K) => T): (key: K) => T {
  const children = new Map<K, T>();
  return (key) => {
    let child = children.get(key);
    if (child === undefined) children.set(key, (child = make(key)));
    return child;
  };
}
