// Password hashes: scrypt with a per-password salt, stored as `scrypt$N$r$p$salt$hash` (base64url),
// so the cost can rise later without breaking stored hashes: a hash keeps verifying with its own
// parameters, and needsRehash tells the login to store one of the current parameters. The synchronous
// functions run inside piscina threads (engine/auth/password-hash-task.ts); the event loop only awaits the pool.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { EngineError } from '../platform/errors.js';
import type { AuthConfig } from './auth-config.js';
import { passwordHashesInFlight, passwordHashRefused, passwordHashTasks } from './auth-metrics.js';

const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;

export type PasswordTask = { op: 'hash'; password: string; cost: number } | { op: 'verify'; password: string; stored: string };

export function hashPasswordSync(password: string, cost: number): string {
  const salt = randomBytes(SALT_BYTES);
  const hash = scryptSync(password.normalize('NFC'), salt, KEY_LENGTH, { N: cost, r: BLOCK_SIZE, p: PARALLELISM, maxmem: maxmemFor(cost, BLOCK_SIZE) });
  return ['scrypt', cost, BLOCK_SIZE, PARALLELISM, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Constant-time comparison; a malformed stored hash simply does not match. */
export function verifyPasswordSync(password: string, stored: string): boolean {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64url');
  const [N, blockSize] = [Number(n), Number(r)];
  const actual = scryptSync(password.normalize('NFC'), Buffer.from(salt!, 'base64url'), expected.length, { N, r: blockSize, p: Number(p), maxmem: maxmemFor(N, blockSize) });
  return expected.length > 0 && timingSafeEqual(actual, expected);
}

export function runPasswordTask(task: PasswordTask): string | boolean {
  return task.op === 'hash' ? hashPasswordSync(task.password, task.cost) : verifyPasswordSync(task.password, task.stored);
}

/** A stored hash made with other parameters than `cost`, r=8, p=1 (an older default): worth replacing once its password is known. */
export function needsRehash(stored: string, cost: number): boolean {
  const [scheme, n, r, p] = stored.split('$');
  return scheme !== 'scrypt' || Number(n) !== cost || Number(r) !== BLOCK_SIZE || Number(p) !== PARALLELISM;
}

function maxmemFor(cost: number, blockSize: number): number {
  return 256 * cost * blockSize; // scrypt needs 128 × N × r bytes (128 MiB at N = 2^17, r = 8); twice that as headroom
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
  /** Throws AUTH_BUSY when a computation now would be refused: checked before a password attempt is counted. */
  assertCapacity(): void;
  close(): Promise<void>;
}

/**
 * Hashing in a piscina pool: a login storm costs threads, never event-loop time. At most threads +
 * AUTH_HASH_QUEUE_MAX computations are in flight; past that a new one is refused at once (503 AUTH_BUSY)
 * instead of queueing without bound for answers the edge stopped waiting for.
 */
export function createPasswordHasher(config: AuthConfig): PasswordHasher {
  const pool = new Piscina({
    filename: fileURLToPath(new URL('./password-hash-task.js', import.meta.url)),
    minThreads: config.hashThreads,
    maxThreads: config.hashThreads,
  });
  const capacity = config.hashThreads + config.hashQueueMax;
  let inFlight = 0;
  const assertCapacity = () => {
    if (inFlight < capacity) return;
    passwordHashRefused.inc();
    throw new EngineError('AUTH_BUSY', 'too many passwords are being checked right now; retry in a moment', { retryAfterSec: 1 });
  };
  const run = async (task: PasswordTask) => {
    assertCapacity();
    inFlight++;
    passwordHashesInFlight.inc();
    passwordHashTasks.labels(task.op).inc();
    try {
      return await pool.run(task);
    } finally {
      inFlight--;
      passwordHashesInFlight.dec();
    }
  };
  return {
    hash: (password) => run({ op: 'hash', password, cost: config.scryptCost }) as Promise<string>,
    verify: (password, stored) => run({ op: 'verify', password, stored }) as Promise<boolean>,
    assertCapacity,
    close: () => pool.destroy(),
  };
}

/** The same on the calling thread: only for comparison in bench/auth-bench.ts. */
export function createInlinePasswordHasher(config: AuthConfig): PasswordHasher {
  return {
    hash: async (password) => hashPasswordSync(password, config.scryptCost),
    verify: async (password, stored) => verifyPasswordSync(password, stored),
    assertCapacity: () => undefined,
    close: async () => undefined,
  };
}
