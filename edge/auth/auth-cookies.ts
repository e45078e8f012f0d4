// The refresh-token cookie: HttpOnly (scripts cannot read it), Secure, SameSite=Strict (never sent
// cross-site, so no CSRF on refresh/logout), and only sent to the auth routes.
import type { AuthConfig } from '../../engine/auth/auth-config.js';

export const REFRESH_COOKIE = 'gopang_refresh';
const COOKIE_PATH = '/api/v1/auth';

export function refreshCookie(token: string, maxAgeSec: number, auth: AuthConfig): string {
  return `${REFRESH_COOKIE}=${token}; Max-Age=${maxAgeSec}; Path=${COOKIE_PATH}; HttpOnly;${auth.secureCookie ? ' Secure;' : ''} SameSite=Strict`;
}

export function clearedRefreshCookie(auth: AuthConfig): string {
  return refreshCookie('', 0, auth);
}

/** The refresh token from a Cookie header, if any. */
export function refreshTokenFromCookies(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === REFRESH_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return value === '' ? undefined : value;
    }
  }
  return undefined;
}
