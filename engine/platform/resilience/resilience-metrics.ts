// Metrics of remote calls, named as the ops dashboard and alerts expect them.
import client from 'prom-client';
import { registry } from '../metrics.js';
import type { BreakerState } from './circuit-breaker.js';

export const breakerState = new client.Gauge({
  name: 'gopang_circuit_breaker_state',
  help: 'Circuit breaker state per remote target: 0 closed, 1 half-open, 2 open',
  labelNames: ['target'] as const,
  registers: [registry],
});

export const remoteCalls = new client.Counter({
  name: 'gopang_remote_calls_total',
  help: 'Attempts of remote calls by outcome: ok (the remote answered, a business refusal included), error, timeout, rejected_open',
  labelNames: ['target', 'outcome'] as const,
  registers: [registry],
});

export const remoteCallDuration = new client.Histogram({
  name: 'gopang_remote_call_duration_seconds',
  help: 'Latency of one attempt of a remote call (fast-failed attempts excluded)',
  labelNames: ['target'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const BREAKER_STATE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

export type RemoteOutcome = 'ok' | 'error' | 'timeout' | 'rejected_open';
