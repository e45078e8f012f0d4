// Client secrets of service and OAuth clients: 256 random bits, stored as base64url SHA-256 (with that
// much entropy a fast hash is enough) and compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const digest = (secret: string): Buffer => createHash('sha256').update(secret).digest();
/** Compared against when the client is unknown, so both failures take the same path. */
const DECOY = digest(randomBytes(32).toString('base64url'));

export function newClientSecret(): { secret: string; hash: string } {
  const secret = `cs_${randomBytes(32).toString('base64url')}`;
  return { secret, hash: digest(secret).toString('base64url') };
}

/** Whether `secret` matches the stored hash; an unknown client (no hash) never matches, in the same time. */
export function secretMatches(secret: string, storedHash: string | undefined): boolean {
  const matches = timingSafeEqual(digest(secret), storedHash === undefined ? DECOY : Buffer.from(storedHash, 'base64url'));
  return storedHash !== undefined && matches;
}
