// Configuration of the auth domain, from environment variables (composed into EngineConfig by engine/platform/config.ts).
// Defaults:
//   AUTH_ACCESS_TTL_SEC=900            access JWT lifetime
//   AUTH_REFRESH_TTL_SEC=2592000       refresh token lifetime (30 days)
//   AUTH_REFRESH_REUSE_GRACE_SEC=10    a just-rotated refresh token presented again this soon gets the same child (0..60; 0 = none)
//   AUTH_SERVICE_TTL_SEC=300           client-credentials JWT lifetime
//   AUTH_SINGLE_SESSION_ROLES=buyer,seller,admin   a new login of these roles revokes the user's older sessions
//   AUTH_REQUEST_TIMEOUT_MS=2000       how long an edge waits for the auth module before answering 503
//   AUTH_LOCKOUT_FAILURES=10           wrong passwords that lock an account ...
//   AUTH_LOCKOUT_SEC=900               ... for this long (counted from the first failure, renewed on the locking one)
//   AUTH_LOGIN_IP_LIMIT=100            login attempts per client IP ...
//   AUTH_LOGIN_IP_WINDOW_SEC=60        ... per window
//   AUTH_REGISTER_IP_LIMIT=10          registrations per client IP (each one costs a scrypt hash) ...
//   AUTH_REGISTER_IP_WINDOW_SEC=600    ... per window
//   AUTH_SCRYPT_COST=131072            scrypt N, 2^17 with r=8, p=1: OWASP's minimum (memory 128 × N × 8 bytes = 128 MiB per
//                                      computation); stored hashes of other parameters are replaced at their next login
//   AUTH_HASH_THREADS=<cores - 1, min 1>  piscina threads hashing passwords (one core stays free for the event loop)
//   AUTH_HASH_QUEUE_MAX=<2 × threads>  password computations waiting for a thread; past it AUTH_BUSY (503) at once
//   AUTH_CODE_TTL_SEC=60               OAuth authorization code lifetime (single use)
//   AUTH_SSO_TTL_SEC=86400             OAuth sign-in session (the cookie that skips the login form)
//   AUTH_PASSWORD_RESET_TTL_SEC=1800   how long a password-reset token works (single use)
//   AUTH_PASSWORD_RESET_IP_LIMIT=20    password-reset requests per client IP (429 beyond) ...
//   AUTH_PASSWORD_RESET_IP_WINDOW_SEC=3600  ... per window
//   AUTH_PASSWORD_RESET_EMAIL_LIMIT=3  reset mails per e-mail address (more are answered alike but not sent) ...
//   AUTH_PASSWORD_RESET_EMAIL_WINDOW_SEC=3600  ... per window
//   AUTH_SECURE_COOKIE=1               0 drops the Secure attribute (plain-http local testing only)
import { availableParallelism } from 'node:os';
import { int, str } from '../platform/config.js';
import { isRole, type Role } from './roles.js';

const MAX_REUSE_GRACE_SEC = 60;

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
export const DEFAULT_SCRYPT_COST = 2 ** 17;

/** The auth role's /metrics port is METRICS_PORT_BASE + this: between the orchestrator's (+ 50) and the edges' (+ 100). */
export const AUTH_METRICS_PORT_OFFSET = 60;

export function authMetricsPort(metricsPortBase: number): number {
  return metricsPortBase > 0 ? metricsPortBase + AUTH_METRICS_PORT_OFFSET : 0;
}

export function loadAuthConfig(env: NodeJS.ProcessEnv): AuthConfig {
  const singleSession = str(env, 'AUTH_SINGLE_SESSION_ROLES', 'buyer,seller,admin').split(',').map((r) => r.trim()).filter((r) => r !== '' && r !== 'none');
  const unknown = singleSession.filter((r) => !isRole(r));
  if (unknown.length > 0) throw new Error(`AUTH_SINGLE_SESSION_ROLES has unknown roles: ${unknown.join(', ')}`);
  const scryptCost = int(env, 'AUTH_SCRYPT_COST', DEFAULT_SCRYPT_COST);
  if (scryptCost < 2 || (scryptCost & (scryptCost - 1)) !== 0) throw new Error('AUTH_SCRYPT_COST must be a power of two');
  // a wider window lets a stolen token's replay pass as a retry for longer: keep it to what a retry needs
  const refreshReuseGraceSec = int(env, 'AUTH_REFRESH_REUSE_GRACE_SEC', 10);
  if (refreshReuseGraceSec < 0 || refreshReuseGraceSec > MAX_REUSE_GRACE_SEC) throw new Error(`AUTH_REFRESH_REUSE_GRACE_SEC must be 0..${MAX_REUSE_GRACE_SEC}`);
  const hashThreads = Math.max(1, int(env, 'AUTH_HASH_THREADS', availableParallelism() - 1));
  return {
    accessTokenTtlSec: int(env, 'AUTH_ACCESS_TTL_SEC', 900),
    refreshTokenTtlSec: int(env, 'AUTH_REFRESH_TTL_SEC', 30 * 86_400),
    refreshReuseGraceSec,
    serviceTokenTtlSec: int(env, 'AUTH_SERVICE_TTL_SEC', 300),
    singleSessionRoles: singleSession as Role[],
    requestTimeoutMs: int(env, 'AUTH_REQUEST_TIMEOUT_MS', 2_000),
    lockout: { failures: int(env, 'AUTH_LOCKOUT_FAILURES', 10), windowSec: int(env, 'AUTH_LOCKOUT_SEC', 900) },
    ipLimit: { attempts: int(env, 'AUTH_LOGIN_IP_LIMIT', 100), windowSec: int(env, 'AUTH_LOGIN_IP_WINDOW_SEC', 60) },
    registerIpLimit: { attempts: int(env, 'AUTH_REGISTER_IP_LIMIT', 10), windowSec: int(env, 'AUTH_REGISTER_IP_WINDOW_SEC', 600) },
    scryptCost,
    hashThreads,
    // each computation takes most of a second: a longer queue only makes callers wait past the edge's timeout
    hashQueueMax: Math.max(0, int(env, 'AUTH_HASH_QUEUE_MAX', 2 * hashThreads)),
    secureCookie: int(env, 'AUTH_SECURE_COOKIE', 1) !== 0,
    codeTtlSec: int(env, 'AUTH_CODE_TTL_SEC', 60),
    ssoTtlSec: int(env, 'AUTH_SSO_TTL_SEC', 86_400),
    passwordReset: {
      ttlSec: int(env, 'AUTH_PASSWORD_RESET_TTL_SEC', 1_800),
      ipLimit: { attempts: int(env, 'AUTH_PASSWORD_RESET_IP_LIMIT', 20), windowSec: int(env, 'AUTH_PASSWORD_RESET_IP_WINDOW_SEC', 3_600) },
      emailLimit: { attempts: int(env, 'AUTH_PASSWORD_RESET_EMAIL_LIMIT', 3), windowSec: int(env, 'AUTH_PASSWORD_RESET_EMAIL_WINDOW_SEC', 3_600) },
    },
  };
}
