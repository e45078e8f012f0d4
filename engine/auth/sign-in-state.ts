// Short-lived sign-in state of the authorization endpoint, in Redis: the pending request behind a
// login form (with its CSRF token), and the sign-in session whose cookie skips the form next time.
// Only digests of session cookies are keys; request ids are random and single use.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { RedisClient } from '../platform/redis/redis-client.js';
import { authorizeRequestKey, ssoSessionKey } from './auth-keys.js';

/** How long a login form stays usable. */
const REQUEST_TTL_SEC = 600;

/** An authorization request that passed every check, waiting for the user to sign in. */
export interface PendingAuthorization {
  clientId: string;
  clientName: string;
  redirectUri: string;
  scopes: string[];
  state?: string;
  nonce?: string;
  codeChallenge: string;
  csrfToken: string;
}

export interface SsoSession {
  userId: number;
  authTime: number; // epoch seconds
}

const random = () => randomBytes(24).toString('base64url');

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class SignInState {
  constructor(
    private readonly redis: RedisClient,
    private readonly namespace: string,
    private readonly ssoTtlSec: number,
  ) {}

  async savePending(request: Omit<PendingAuthorization, 'csrfToken'>): Promise<{ requestId: string; csrfToken: string }> {
    const requestId = random();
    const csrfToken = random();
    await this.redis.set(authorizeRequestKey(this.namespace, requestId), JSON.stringify({ ...request, csrfToken }), 'EX', REQUEST_TTL_SEC);
    return { requestId, csrfToken };
  }

  async pending(requestId: string): Promise<PendingAuthorization | undefined> {
    const raw = await this.redis.get(authorizeRequestKey(this.namespace, requestId));
    return raw === null ? undefined : (JSON.parse(raw) as PendingAuthorization);
  }

  /** Single use: true only for the one caller that removed it (two tabs posting the same form). */
  async takePending(requestId: string): Promise<boolean> {
    return (await this.redis.del(authorizeRequestKey(this.namespace, requestId))) === 1;
  }

  async startSession(session: SsoSession): Promise<string> {
    const token = random();
    await this.redis.set(ssoSessionKey(this.namespace, token), JSON.stringify(session), 'EX', this.ssoTtlSec);
    return token;
  }

  async session(token: string): Promise<SsoSession | undefined> {
    const raw = await this.redis.get(ssoSessionKey(this.namespace, token));
    return raw === null ? undefined : (JSON.parse(raw) as SsoSession);
  }
}
