// Accounts and sessions: register, login, refresh rotation, logout, profile, password change, deletion.
// Runs only in the auth module; edges reach it over NATS (engine/auth/auth-client.ts).
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { EngineConfig } from '../platform/config.js';
import { EngineError } from '../platform/errors.js';
import { log } from '../platform/log.js';
import type { AuthReplies, AuthRequests, Profile, TokenGrant } from './auth-wire.js';
import type { LoginThrottle } from './login-throttle.js';
import { needsRehash, type PasswordHasher } from './password-hashing.js';
import { assertStrongPassword } from './password-policy.js';
import { assertRequiredAccepted, policiesToAccept } from './policy-store.js';
import { revokeFamilyOf, revokeUserFamilies, rotate, rotationError, startFamily } from './refresh-tokens.js';
import type { Role } from './roles.js';
import type { TokenIssuer } from './token-issuer.js';
import { inTransaction } from '../platform/db/transaction.js';
import {
  activeRoles, assertEmailFree, findCredentials, findProfile, insertAccount, passwordOf, setPasswordHash, softDelete, updateProfile, upgradePasswordHash,
} from './user-store.js';
import { voidResetTokens } from './password-reset-tokens.js';

export interface AccountDeps {
  config: EngineConfig;
  db: pg.Pool;
  hasher: PasswordHasher;
  throttle: LoginThrottle;
  issuer: TokenIssuer;
  /**
   * told after commit which sessions died (and whose account, on deletion), so edges refuse their
   * access tokens early and close their WebSockets
   */
  announceRevoked(sessionIds: string[], deletedUserId?: number): void;
}

const invalidCredentials = () => new EngineError('INVALID_CREDENTIALS', 'email or password is wrong');

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export class AccountService {
  private constructor(
    private readonly deps: AccountDeps,
    /** Verified against when the account does not exist, so unknown emails cost the same time as wrong passwords. */
    private readonly decoyHash: string,
  ) {}

  static async create(deps: AccountDeps): Promise<AccountService> {
    return new AccountService(deps, await deps.hasher.hash(randomBytes(18).toString('base64url')));
  }

  /** Every registration from an IP is counted, and a taken email is refused, before the hash a new account costs. */
  async register({ ip, ...input }: AuthRequests['register']): Promise<Profile> {
    const { db, hasher, throttle } = this.deps;
    const email = normalizeEmail(input.email);
    assertStrongPassword(input.password, email);
    if ((input.accountType === 'seller') !== (input.seller !== undefined)) {
      throw new EngineError('INVALID_INPUT', 'seller details are required for sellers and only for them');
    }
    await throttle.countRegistration(ip);
    await assertRequiredAccepted(db, input.accountType, input.acceptedPolicies);
    await assertEmailFree(db, email);
    const passwordHash = await hasher.hash(input.password);
    const userId = await inTransaction(db, (client) => insertAccount(client, { ...input, email, passwordHash }));
    log('info', 'account registered', { userId, accountType: input.accountType });
    return findProfile(db, userId);
  }

  async login(request: AuthRequests['login']): Promise<TokenGrant> {
    const { db, config } = this.deps;
    const credentials = await this.verifyCredentials(request);
    const { family, revoked } = await inTransaction(db, async (client) => ({
      revoked: await this.endOtherSessions(client, credentials.id, credentials.roles),
      family: await startFamily(client, credentials.id, config.auth.refreshTokenTtlSec),
    }));
    this.deps.announceRevoked(revoked);
    return { ...(await this.grant(credentials.id, credentials.roles, family)), policiesToAccept: await policiesToAccept(db, credentials.id) };
  }

  /** The account behind an email and password, throttled per IP and account (the login API and the OAuth login form). */
  async verifyCredentials({ email: rawEmail, password, ip }: AuthRequests['login']): Promise<{ id: number; roles: Role[] }> {
    const { db, hasher, throttle } = this.deps;
    const email = normalizeEmail(rawEmail);
    await this.reservePasswordAttempt(email, ip);
    const credentials = await findCredentials(db, email);
    const matches = await hasher.verify(password, credentials?.passwordHash ?? this.decoyHash);
    if (!credentials || !matches) throw invalidCredentials();
    await throttle.clearFailures(email);
    await this.upgradeHash(credentials.id, credentials.passwordHash, password);
    return { id: credentials.id, roles: credentials.roles };
  }

  /**
   * A hash of older parameters (a lower cost) is replaced while the password is at hand: the only moment
   * it can be. A failure (a busy pool, say) only leaves the old hash for the next login.
   */
  private async upgradeHash(userId: number, stored: string, password: string): Promise<void> {
    const { db, hasher, config } = this.deps;
    if (!needsRehash(stored, config.auth.scryptCost)) return;
    try {
      await upgradePasswordHash(db, userId, stored, await hasher.hash(password));
    } catch (err) {
      log('warn', 'could not upgrade a password hash', { userId, err });
    }
  }

  /** The single-session policy: a new session of these roles revokes the user's older ones (inside the caller's transaction). */
  endOtherSessions(client: pg.PoolClient, userId: number, roles: readonly Role[]): Promise<string[]> {
    const singleSession = roles.some((role) => this.deps.config.auth.singleSessionRoles.includes(role));
    return singleSession ? revokeUserFamilies(client, userId, 'single-session') : Promise.resolve([]);
  }

  async refresh({ refreshToken }: AuthRequests['refresh']): Promise<TokenGrant> {
    const { db, config } = this.deps;
    const rotation = await inTransaction(db, (client) => rotate(client, refreshToken, config.auth, null));
    if (rotation.outcome === 'reused') this.deps.announceRevoked([rotation.familyId]);
    if (rotation.outcome !== 'rotated') throw rotationError(rotation.outcome);
    const roles = await activeRoles(db, rotation.userId);
    if (roles === undefined) throw rotationError('invalid'); // deleted meanwhile
    return this.grant(rotation.userId, roles, rotation);
  }

  async logout({ refreshToken }: AuthRequests['logout']): Promise<AuthReplies['logout']> {
    const familyId = await inTransaction(this.deps.db, (client) => revokeFamilyOf(client, refreshToken, null));
    if (familyId !== undefined) this.deps.announceRevoked([familyId]);
    return { revoked: familyId !== undefined };
  }

  profile({ userId }: AuthRequests['profile']): Promise<Profile> {
    return findProfile(this.deps.db, userId);
  }

  async updateProfile({ userId, ...changes }: AuthRequests['updateProfile']): Promise<Profile> {
    await updateProfile(this.deps.db, userId, changes);
    return findProfile(this.deps.db, userId);
  }

  /** OIDC claims; an OAuth token's scopes decide which (`email`, `profile` for the name), a login-API token gets all. */
  async userinfo({ userId, scopes }: AuthRequests['userinfo']): Promise<AuthReplies['userinfo']> {
    const profile = await findProfile(this.deps.db, userId);
    const granted = (scope: string) => scopes === undefined || scopes.includes(scope);
    return {
      sub: String(profile.id), roles: profile.roles,
      ...(granted('email') ? { email: profile.email } : {}), ...(granted('profile') ? { name: profile.name } : {}),
    };
  }

  /**
   * Soft delete after re-entering the password; every session of the account dies with it. The password
   * check spends the account's budget of guesses like a login: a stolen access token cannot guess faster.
   */
  async deleteAccount({ userId, password, ip }: AuthRequests['deleteAccount']): Promise<AuthReplies['deleteAccount']> {
    const { db, hasher, throttle } = this.deps;
    const account = await passwordOf(db, userId);
    if (account === undefined) throw invalidCredentials();
    await this.reservePasswordAttempt(account.email, ip);
    if (!(await hasher.verify(password, account.passwordHash))) throw invalidCredentials();
    await throttle.clearFailures(account.email);
    const revoked = await inTransaction(db, async (client) => {
      await softDelete(client, userId);
      return revokeUserFamilies(client, userId, 'account-deleted');
    });
    this.deps.announceRevoked(revoked, userId);
    log('info', 'account deleted', { userId });
    return { deleted: true };
  }

  /**
   * A new password after re-entering the current one (counted against the lockout like a login). Every
   * other session of the account ends; the caller's own (`sessionId`) stays. Reset tokens in flight die.
   */
  async changePassword({ userId, sessionId, currentPassword, newPassword, ip }: AuthRequests['changePassword']): Promise<AuthReplies['changePassword']> {
    const { db, hasher, throttle } = this.deps;
    const account = await passwordOf(db, userId);
    if (account === undefined) throw invalidCredentials();
    assertStrongPassword(newPassword, account.email); // before a guess is spent on the current password
    await this.reservePasswordAttempt(account.email, ip);
    if (!(await hasher.verify(currentPassword, account.passwordHash))) throw invalidCredentials();
    await throttle.clearFailures(account.email);
    const passwordHash = await hasher.hash(newPassword);
    const revoked = await inTransaction(db, async (client) => {
      if (!(await setPasswordHash(client, userId, passwordHash, account.passwordHash))) {
        throw new EngineError('VERSION_CONFLICT', 'the password was changed meanwhile');
      }
      await voidResetTokens(client, userId);
      return revokeUserFamilies(client, userId, 'password-changed', sessionId);
    });
    this.deps.announceRevoked(revoked);
    log('info', 'password changed', { userId, sessionsRevoked: revoked.length });
    return { changed: true, revokedSessions: revoked.length };
  }

  /**
   * Counts a password attempt per client IP and per account before its hash is checked (LoginThrottle).
   * A full hashing pool refuses first, so a busy answer never costs the account one of its guesses.
   */
  private async reservePasswordAttempt(email: string, ip: string): Promise<void> {
    this.deps.hasher.assertCapacity();
    await this.deps.throttle.countAttempt(ip);
    await this.deps.throttle.reserveAttempt(email);
  }

  private async grant(userId: number, roles: Role[], family: { token: string; familyId: string }): Promise<TokenGrant> {
    const { config, issuer } = this.deps;
    return {
      userId,
      accessToken: await issuer.forUser(userId, roles, family.familyId),
      expiresIn: config.auth.accessTokenTtlSec,
      refreshToken: family.token,
      refreshExpiresIn: config.auth.refreshTokenTtlSec,
    };
  }
}
