// The child of a rotated refresh token, kept so a retry of the rotated token within the grace window
// gets the same child. Refresh tokens are stored only as hashes, so the child is sealed (AES-256-GCM)
// under a key derived from the rotated token itself: whoever can unseal it holds that token already,
// and a copy of the database alone yields no token.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const INFO = 'gopang refresh-token successor';
const IV_BYTES = 12;
const TAG_BYTES = 16;

function keyOf(rotatedToken: string): Buffer {
  return Buffer.from(hkdfSync('sha256', rotatedToken, Buffer.alloc(0), INFO, 32));
}

/** iv ‖ tag ‖ ciphertext of `successor`, under a key only `rotatedToken` yields. */
export function sealSuccessor(successor: string, rotatedToken: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyOf(rotatedToken), iv);
  const sealed = Buffer.concat([cipher.update(successor, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]);
}

/** The successor sealed by sealSuccessor; throws when `rotatedToken` is not the one it was sealed for. */
export function unsealSuccessor(sealed: Buffer, rotatedToken: string): string {
  const decipher = createDecipheriv('aes-256-gcm', keyOf(rotatedToken), sealed.subarray(0, IV_BYTES));
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}
