// A login storm against the real AccountService (Postgres, Redis, scrypt at the configured cost),
// in this process, with the event-loop delay sampled throughout: hashing in piscina threads versus
// on the event loop itself.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { AccountService } from '../../engine/auth/account-service.js';
import { LoginThrottle } from '../../engine/auth/login-throttle.js';
import type { PasswordHasher } from '../../engine/auth/password-hashing.js';
import { TokenIssuer } from '../../engine/auth/token-issuer.js';
import type { EngineConfig } from '../../engine/platform/config.js';

export interface StormFigures {
  logins: number;
  seconds: number;
  perSec: number;
  loopDelayMs: { p50: number; p99: number; max: number };
}

export interface StormSetup {
  config: EngineConfig;
  db: pg.Pool;
  redis: Redis;
  emails: string[];
  password: string;
}

export async function loginStorm(setup: StormSetup, hasher: PasswordHasher, logins: number, concurrency: number): Promise<StormFigures> {
  const { config, db, redis, emails, password } = setup;
  const throttle = new LoginThrottle(redis, config.namespace, config.auth, config.luaDir);
  const accounts = await AccountService.create({ config, db, hasher, throttle, issuer: await TokenIssuer.create(config), announceRevoked: () => undefined });
  const delay = monitorEventLoopDelay({ resolution: 1 });
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < logins; i = next++) {
      // a distinct client IP per login: the per-IP throttle is not what is measured here
      await accounts.login({ email: emails[i % emails.length]!, password, ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` });
    }
  };
  delay.enable();
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  delay.disable();
  const ms = (ns: number) => Math.round((ns / 1e6) * 10) / 10;
  return { logins, seconds, perSec: logins / seconds, loopDelayMs: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) } };
}
