// Password reset by e-mail. A request is answered the same whether or not the address has an account,
// and before the account is even looked up (so both take the same time); the token and its mail are
// then written in one transaction into the mail outbox, which the scheduler delivers. A confirm sets
// the new password (policy and scrypt pool as at registration), spends the token exactly once (of
// concurrent confirms one wins), ends every session and clears the login lockout.
import type pg from 'pg';
import type { EngineConfig } from '../platform/config.js';
import { inTransaction } from '../platform/db/transaction.js';
import { EngineError } from '../platform/errors.js';
import { log } from '../platform/log.js';
import { enqueueMail, type NewMail } from '../mail/mail-outbox.js';
import { normalizeEmail } from './account-service.js';
import type { AuthReplies, AuthRequests } from './auth-wire.js';
import type { LoginThrottle } from './login-throttle.js';
import type { PasswordHasher } from './password-hashing.js';
import { assertStrongPassword } from './password-policy.js';
import { issueResetToken, resetTokenState, spendResetToken, voidResetTokens } from './password-reset-tokens.js';
import { revokeUserFamilies } from './refresh-tokens.js';
import { activeEmailOf, findCredentials, setPasswordHash } from './user-store.js';

export interface PasswordResetDeps {
  config: EngineConfig;
  db: pg.Pool;
  hasher: PasswordHasher;
  throttle: LoginThrottle;
  /** told after commit which sessions the reset ended */
  announceRevoked(sessionIds: string[]): void;
}

const noLongerValid = () => new EngineError('RESET_TOKEN_EXPIRED', 'this reset token was used or has expired; ask for a new one');

export function resetMail(config: EngineConfig, email: string, token: string): NewMail {
  const minutes = Math.round(config.auth.passwordReset.ttlSec / 60);
  return {
    kind: 'password-reset',
    recipient: email,
    subject: 'Reset your Gopang password',
    body: [
      `Someone, hopefully you, asked to reset the password of the Gopang account ${email}.`,
      '',
      `Your reset token, valid once for ${minutes} minutes:`,
      '',
      `  ${token}`,
      '',
      `Send it with your new password: POST ${config.publicUrl}/api/v1/auth/password-reset/confirm {"token": "…", "password": "…"}.`,
      'Every signed-in session of the account ends when the password is set.',
      'If you did not ask for this, ignore this mail: your password stays as it is.',
    ].join('\n'),
  };
}

export class PasswordReset {
  constructor(private readonly deps: PasswordResetDeps) {}

  /** Counted per client IP (429 past AUTH_PASSWORD_RESET_IP_LIMIT); the rest happens after the answer. */
  async request({ email, ip }: AuthRequests['requestPasswordReset']): Promise<AuthReplies['requestPasswordReset']> {
    await this.deps.throttle.countResetRequest(ip);
    void this.mailToken(normalizeEmail(email)).catch((err: unknown) => log('error', 'a password-reset mail could not be prepared', { err }));
    return { accepted: true };
  }

  private async mailToken(email: string): Promise<void> {
    const { config, db, throttle } = this.deps;
    // counted for unknown addresses too; past the limit the request is answered alike and no mail goes
    if (!(await throttle.allowResetMail(email))) return void log('warn', 'password-reset mails to one address throttled');
    const account = await findCredentials(db, email);
    if (!account) return;
    await inTransaction(db, async (client) => {
      const token = await issueResetToken(client, account.id, config.auth.passwordReset.ttlSec);
      await enqueueMail(client, resetMail(config, email, token));
    });
    log('info', 'password-reset token issued', { userId: account.id });
  }

  async confirm({ token, password }: AuthRequests['confirmPasswordReset']): Promise<AuthReplies['confirmPasswordReset']> {
    const { db, hasher, throttle } = this.deps;
    const found = await resetTokenState(db, token);
    if (found.state === 'unknown') throw new EngineError('RESET_TOKEN_INVALID', 'unknown reset token');
    if (found.state === 'spent') throw noLongerValid();
    const email = await activeEmailOf(db, found.userId);
    if (email === undefined) throw noLongerValid(); // the account was deleted meanwhile
    assertStrongPassword(password, email); // a weak password leaves the token unspent: choose another
    const passwordHash = await hasher.hash(password);
    const revoked = await inTransaction(db, async (client) => {
      const userId = await spendResetToken(client, token);
      if (userId === undefined) throw noLongerValid(); // a concurrent confirm spent it first
      if (!(await setPasswordHash(client, userId, passwordHash))) throw noLongerValid();
      await voidResetTokens(client, userId);
      return revokeUserFamilies(client, userId, 'password-reset');
    });
    await throttle.clearFailures(email);
    this.deps.announceRevoked(revoked);
    log('info', 'password reset', { userId: found.userId, sessionsRevoked: revoked.length });
    return { reset: true };
  }
}
