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
