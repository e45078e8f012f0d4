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

  /** Throws ACCOUNT_LOCKED while the account has reached its failure limit. */
  async assertUnlocked(email: string): Promise<void> {
    const [allowed, , ttlMs] = await this.redis.rateLimit(this.failuresKey(email), this.config.lockout.failures, this.config.lockout.windowSec * 1000, 0);
    if (allowed !== 1) throw locked(ttlMs);
  }

  /** Counts a wrong password (or an unknown account: both must look the same). */
  async recordFailure(email: string): Promise<void> {
    await this.redis.rateLimit(this.failuresKey(email), this.config.lockout.failures, this.config.lockout.windowSec * 1000, 1);
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
