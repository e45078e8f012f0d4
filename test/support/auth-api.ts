// Helpers for auth tests against a running edge + auth module: register, login, refresh, each
// answering with the raw HTTP answer so tests can assert status and code.
import type { PolicyAcceptance } from '../../engine/auth/auth-wire.js';
import type { HttpAnswer, HttpClient } from './http-client.js';

export const STRONG_PASSWORD = 'Correct-Horse-9';
export const BUYER_TERMS: PolicyAcceptance[] = [{ kind: 'terms', version: 1 }, { kind: 'privacy', version: 1 }];
export const SELLER_TERMS: PolicyAcceptance[] = [...BUYER_TERMS, { kind: 'seller', version: 1 }];

let serial = 0;
/** A fresh email per call, unique across test files. */
export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}${process.pid}x${Date.now().toString(36)}x${++serial}@example.com`;
}

const json = { 'content-type': 'application/json' };

export class AuthApi {
  constructor(readonly http: HttpClient) {}

  post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    return this.http.send('POST', path, { headers: { ...json, ...headers }, body: JSON.stringify(body) });
  }

  registerBuyer(email: string, overrides: Record<string, unknown> = {}): Promise<HttpAnswer> {
    return this.post('/api/v1/auth/register', { email, password: STRONG_PASSWORD, name: 'Kim Buyer', acceptedPolicies: BUYER_TERMS, ...overrides });
  }

  registerSeller(email: string, overrides: Record<string, unknown> = {}): Promise<HttpAnswer> {
    return this.post('/api/v1/sellers/register', {
      email, password: STRONG_PASSWORD, name: 'Lee Seller', acceptedPolicies: SELLER_TERMS,
      businessName: 'Lee Goods', businessType: 'WHOLESALE', ...overrides,
    });
  }

  /** Login with the refresh token in the body (the native-client mode). */
  login(email: string, password = STRONG_PASSWORD): Promise<HttpAnswer> {
    return this.post('/api/v1/auth/login', { email, password, session: 'body' });
  }

  refresh(refreshToken: string): Promise<HttpAnswer> {
    return this.post('/api/v1/auth/refresh', { refreshToken });
  }

  get(path: string, token?: string): Promise<HttpAnswer> {
    return this.http.send('GET', path, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
  }

  /** Registers a buyer and logs in: the grant's tokens. */
  async signedInBuyer(email = uniqueEmail()): Promise<{ email: string; accessToken: string; refreshToken: string }> {
    const registered = await this.registerBuyer(email);
    if (registered.status !== 201) throw new Error(`register: ${registered.status} ${registered.text}`);
    const login = await this.login(email);
    if (login.status !== 200) throw new Error(`login: ${login.status} ${login.text}`);
    return { email, ...login.json() };
  }
}

export function errorCode(answer: HttpAnswer): string | undefined {
  try {
    return answer.json().error?.code;
  } catch {
    return undefined;
  }
}
