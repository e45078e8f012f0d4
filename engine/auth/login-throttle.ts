// Throttling of what costs the auth module a scrypt computation, in Redis (lua/rateLimit-1.lua): login
// attempts and registrations per client IP, and password attempts per account (logins and account
// deletions and password changes alike), and password-reset requests per IP and mails per address. Reaching the failure limit locks the account for the lockout window, even for the
// right password.
import type { Result } from 'ioredis';
import type { RedisClient } from '../platform/redis/redis-client.js';
import { EngineError } from '../platform/errors.js';
import { defineLuaCommand, readLuaScript } from '../platform/redis/lua-scripts.js';
import type { AuthConfig } from './auth-config.js';
import { loginFailuresKey, loginIpKey, registerIpKey, resetEmailKey, resetIpKey } from './auth-keys.js';

type RateLimitReply = [allowed: number, count: number, ttlMs: number];

declare module 'ioredis' {
  interface RedisCommander<Context> {
    rateLimit(...keysAndArgs: (string | number)[]): Result<RateLimitReply, Context>;
  }
}

export class LoginThrottle {
  constructor(
    private readonly redis: RedisClient,
    private readonly namespace: string,
    private readonly config: AuthConfig,
    luaDir: string,
  ) {
    defineLuaCommand(redis, readLuaScript(luaDir, 'rateLimit'));
  }

  /** Counts one password attempt (login, account deletion) from this IP; throws RATE_LIMITED past the limit. */
  countAttempt(ip: string): Promise<void> {
    return this.countFromIp(loginIpKey(this.namespace, ip), this.config.ipLimit, 'password attempts');
  }

  /** Counts one registration from this IP; throws RATE_LIMITED past the limit. */
  countRegistration(ip: string): Promise<void> {
    return this.countFromIp(registerIpKey(this.namespace, ip), this.config.registerIpLimit, 'registrations');
  }

  /** Counts one password-reset request from this IP; throws RATE_LIMITED past the limit. */
  countResetRequest(ip: string): Promise<void> {
    return this.countFromIp(resetIpKey(this.namespace, ip), this.config.passwordReset.ipLimit, 'password-reset requests');
  }

  /** Counts one reset mail to this address; false past the limit (the request is answered alike, no mail goes). */
  async allowResetMail(email: string): Promise<boolean> {
    const { attempts, windowSec } = this.config.passwordReset.emailLimit;
    const [allowed] = await this.redis.rateLimit(resetEmailKey(this.namespace, email), attempts, windowSec * 1000, 1);
    return allowed === 1;
  }

  /**
   * Counts a password attempt BEFORE its password is checked, and throws ACCOUNT_LOCKED past the failure
   * limit: guesses in flight at once are counted one by one in Redis, so no more than the limit ever
   * reach the hash. A wrong password (or an unknown account: both must look the same) leaves its count;
   * the right one clears it (clearFailures).
   */
  async reserveAttempt(email: string): Promise<void> {
    const [allowed, , ttlMs] = await this.redis.rateLimit(this.failuresKey(email), this.config.lockout.failures, this.config.lockout.windowSec * 1000, 1);
    if (allowed !== 1) throw locked(ttlMs);
  }

  async clearFailures(email: string): Promise<void> {
    await this.redis.del(this.failuresKey(email));
  }

  private async countFromIp(key: string, { attempts, windowSec }: AuthConfig['ipLimit'], what: string): Promise<void> {
    const [allowed, , ttlMs] = await this.redis.rateLimit(key, attempts, windowSec * 1000, 1);
    if (allowed !== 1) throw new EngineError('RATE_LIMITED', `too many ${what} from this address, retry in ${seconds(ttlMs)} s`, { retryAfterSec: seconds(ttlMs) });
  }

  private failuresKey(email: string): string {
    return loginFailuresKey(this.namespace, email);
  }
}

function locked(ttlMs: number): EngineError {
  return new EngineError('ACCOUNT_LOCKED', `too many failed logins; try again in ${seconds(ttlMs)} s`, { retryAfterSec: seconds(ttlMs) });
}

/** Whole seconds until a window ends, at least 1 (a Retry-After of 0 invites an immediate retry). */
function seconds(ttlMs: number): number {
  return Math.max(1, Math.ceil(ttlMs / 1000));
}
