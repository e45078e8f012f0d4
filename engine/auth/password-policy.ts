// Password strength: 10-128 characters, at least three of lower/upper/digit/symbol, and not built
// around the email's local part. Checked before any hashing.
import { EngineError } from '../platform/errors.js';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

export function assertStrongPassword(password: string, email: string): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN || length > PASSWORD_MAX) throw weak(`password must be ${PASSWORD_MIN}-${PASSWORD_MAX} characters`);
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) throw weak('password needs three of: lower-case, upper-case, digits, symbols');
  const local = email.split('@')[0]!.toLowerCase();
  if (local.length >= 3 && password.toLowerCase().includes(local)) throw weak('password must not contain the email name');
}

function weak(message: string): EngineError {
  return new EngineError('WEAK_PASSWORD', message);
}
