// Prometheus metrics of the auth module (registered on the shared registry, served on the auth role's
// own /metrics port): what password hashing costs, since it is the module's CPU.
import client from 'prom-client';
import { registry } from '../platform/metrics.js';

export const passwordHashTasks = new client.Counter({
  name: 'gopang_password_hash_tasks_total',
  help: 'Password scrypt computations handed to the hashing pool, by op (hash: a new hash, verify: a password checked)',
  labelNames: ['op'] as const,
  registers: [registry],
});

export const passwordHashesInFlight = new client.Gauge({
  name: 'gopang_password_hashes_in_flight',
  help: 'Password scrypt computations running or queued in the hashing pool (bounded by AUTH_HASH_THREADS + AUTH_HASH_QUEUE_MAX)',
  registers: [registry],
});

export const passwordHashRefused = new client.Counter({
  name: 'gopang_password_hash_refused_total',
  help: 'Requests refused with AUTH_BUSY because the hashing pool was at its bound',
  registers: [registry],
});
