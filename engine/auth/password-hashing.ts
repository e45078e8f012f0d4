// Password hashes: scrypt with a per-password salt, stored as `scrypt$N$r$p$salt$hash` (base64url),
// so the cost can rise later without breaking stored hashes. The synchronous functions run inside
// piscina threads (engine/auth/password-hash-task.ts); the event loop only awaits the pool.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { AuthConfig } from './auth-config.js';
import { passwordHashTasks } from './auth-metrics.js';

const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;

export type PasswordTask = { op: 'hash'; password: string; cost: number } | { op: 'verify'; password: string; stored: string };

export function hashPasswordSync(password: string, cost: number): string {
  const salt = randomBytes(SALT_BYTES);
  const hash = scryptSync(password.normalize('NFC'), salt, KEY_LENGTH, { N: cost, r: BLOCK_SIZE, p: PARALLELISM, maxmem: maxmemFor(cost) });
  return ['scrypt', cost, BLOCK_SIZE, PARALLELISM, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Constant-time comparison; a malformed stored hash simply does not match. */
export function verifyPasswordSync(password: string, stored: string): boolean {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64url');
  const N = Number(n);
  const actual = scryptSync(password.normalize('NFC'), Buffer.from(salt!, 'base64url'), expected.length, { N, r: Number(r), p: Number(p), maxmem: maxmemFor(N) });
  return expected.length > 0 && timingSafeEqual(actual, expected);
}

export function runPasswordTask(task: PasswordTask): string | boolean {
  return task.op === 'hash' ? hashPasswordSync(task.password, task.cost) : verifyPasswordSync(task.password, task.stored);
}

function maxmemFor(cost: number): number {
  return 256 * cost * BLOCK_SIZE; // scrypt needs 128 × N × r bytes; twice that as headroom
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
  close(): Promise<void>;
}

/** Hashing in a piscina pool: a login storm costs threads, never event-loop time. */
export function createPasswordHasher(config: AuthConfig): PasswordHasher {
  const pool = new Piscina({
    filename: fileURLToPath(new URL('./password-hash-task.js', import.meta.url)),
    minThreads: config.hashThreads,
    maxThreads: config.hashThreads,
  });
  const run = (task: PasswordTask) => {
    passwordHashTasks.labels(task.op).inc();
    return pool.run(task);
  };
  return {
    hash: (password) => run({ op: 'hash', password, cost: config.scryptCost }) as Promise<string>,
    verify: (password, stored) => run({ op: 'verify', password, stored }) as Promise<boolean>,
    close: () => pool.destroy(),
  };
}

/** The same on the calling thread: only for comparison in bench/auth-bench.ts. */
export function createInlinePasswordHasher(config: AuthConfig): PasswordHasher {
  return {
    hash: async (password) => hashPasswordSync(password, config.scryptCost),
    verify: async (password, stored) => verifyPasswordSync(password, stored),
    close: async () => undefined,
  };
}
