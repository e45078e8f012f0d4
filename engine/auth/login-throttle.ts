// Login throttling in Redis (lua/rateLimit-1.lua): attempts per client IP, and failed passwords per
// account. Reaching the failure limit locks the account for the lockout window, even for the right password.
import type { Redis, Result } from 'ioredis';
import { EngineError } from '../platform/errors.js';
import { defineLuaCommand, readLuaScript } from '../platform/redis/lua-scripts.js';
import type { AuthConfig } from './auth-config.js';
import { loginFailuresKey, loginIpKey } from './auth-keys.js';

type RateLimitReply = [allowed: number, count: number, ttlMs: number];

declare module 'ioredis' {
  interface RedisCommander<Context> {
    rateLimit(...keysAndArgs: (string | number)[]): Result<RateLimitReply, Context>;
  }
}

export class LoginThrottle {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
    private readonly config: AuthConfig,
    luaDir: string,
  ) {
    defineLuaCommand(redis, readLuaScript(luaDir, 'rateLimit'));
  }

  /** Counts one login attempt from this IP; throws RATE_LIMITED past the limit. */
  async countAttempt(ip: string): Promise<void> {
    const { attempts, windowSec } = this.config.ipLimit;
    const [allowed, , ttlMs] = await this.redis.rateLimit(loginIpKey(this.namespace, ip), attempts, windowSec * 1000, 1);
    if (allowed !== 1) throw new EngineError('RATE_LIMITED', `too many login attempts, retry in ${Math.ceil(ttlMs / 1000)} s`);
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

  private failuresKey(email: string): string {
    return loginFailuresKey(this.namespace, email);
  }
}

function locked(ttlMs: number): EngineError {
  return new EngineError('ACCOUNT_LOCKED', `too many failed logins; try again in ${Math.ceil(ttlMs / 1000)} s`);
}
