// Configuration of the auth domain (`config.auth`), from the validated variables of
// engine/platform/config-schema.ts (types, ranges, defaults and meanings there and in docs/configuration.md).
import { availableParallelism } from 'node:os';
import type { ConfigValues } from '../platform/config.js';
import { CONFIG_SCHEMA } from '../platform/config-schema.js';
import { isRole, type Role } from './roles.js';

export interface AuthConfig {
  accessTokenTtlSec: number;
  refreshTokenTtlSec: number;
  /** concurrent or retried refreshes of one token (two tabs) within this window are not reuse */
  refreshReuseGraceSec: number;
  serviceTokenTtlSec: number;
  singleSessionRoles: readonly Role[];
  requestTimeoutMs: number;
  lockout: { failures: number; windowSec: number };
  ipLimit: { attempts: number; windowSec: number };
  registerIpLimit: { attempts: number; windowSec: number };
  scryptCost: number;
  hashThreads: number;
  hashQueueMax: number;
  secureCookie: boolean;
  codeTtlSec: number;
  ssoTtlSec: number;
  passwordReset: {
    ttlSec: number;
    ipLimit: { attempts: number; windowSec: number };
    emailLimit: { attempts: number; windowSec: number };
  };
}

/** scrypt N in production: OWASP's current minimum (2^17, r=8, p=1). Tests lower it where hashing is not what they test. */
export const DEFAULT_SCRYPT_COST = CONFIG_SCHEMA.AUTH_SCRYPT_COST.default;

/** The auth role's /metrics port is METRICS_PORT_BASE + this: between the orchestrator's (+ 50) and the edges' (+ 100). */
export const AUTH_METRICS_PORT_OFFSET = 60;

export function authMetricsPort(metricsPortBase: number): number {
  return metricsPortBase > 0 ? metricsPortBase + AUTH_METRICS_PORT_OFFSET : 0;
}

export function loadAuthConfig(v: ConfigValues): AuthConfig {
  // the schema allows only roles and `none`
  const singleSession = v.AUTH_SINGLE_SESSION_ROLES.filter((r): r is Role => isRole(r));
  const hashThreads = v.AUTH_HASH_THREADS ?? Math.max(1, availableParallelism() - 1);
  return {
    accessTokenTtlSec: v.AUTH_ACCESS_TTL_SEC,
    refreshTokenTtlSec: v.AUTH_REFRESH_TTL_SEC,
    // a wider window lets a stolen token's replay pass as a retry for longer: the schema keeps it to what a retry needs
    refreshReuseGraceSec: v.AUTH_REFRESH_REUSE_GRACE_SEC,
    serviceTokenTtlSec: v.AUTH_SERVICE_TTL_SEC,
    singleSessionRoles: singleSession,
    requestTimeoutMs: v.AUTH_REQUEST_TIMEOUT_MS,
    lockout: { failures: v.AUTH_LOCKOUT_FAILURES, windowSec: v.AUTH_LOCKOUT_SEC },
    ipLimit: { attempts: v.AUTH_LOGIN_IP_LIMIT, windowSec: v.AUTH_LOGIN_IP_WINDOW_SEC },
    registerIpLimit: { attempts: v.AUTH_REGISTER_IP_LIMIT, windowSec: v.AUTH_REGISTER_IP_WINDOW_SEC },
    scryptCost: v.AUTH_SCRYPT_COST,
    hashThreads,
    // each computation takes most of a second: a longer queue only makes callers wait past the edge's timeout
    hashQueueMax: v.AUTH_HASH_QUEUE_MAX ?? 2 * hashThreads,
    secureCookie: v.AUTH_SECURE_COOKIE,
    codeTtlSec: v.AUTH_CODE_TTL_SEC,
    ssoTtlSec: v.AUTH_SSO_TTL_SEC,
    passwordReset: {
      ttlSec: v.AUTH_PASSWORD_RESET_TTL_SEC,
      ipLimit: { attempts: v.AUTH_PASSWORD_RESET_IP_LIMIT, windowSec: v.AUTH_PASSWORD_RESET_IP_WINDOW_SEC },
      emailLimit: { attempts: v.AUTH_PASSWORD_RESET_EMAIL_LIMIT, windowSec: v.AUTH_PASSWORD_RESET_EMAIL_WINDOW_SEC },
    },
  };
}
