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
  return cookieValue(cookieHeader, REFRESH_COOKIE);
}

/** A cookie's value from a Cookie header, if any (an empty value counts as none). */
export function cookieValue(cookieHeader: string | undefined, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return value === '' ? undefined : value;
    }
  }
  return undefined;
}

/**
 * The OAuth sign-in session: SameSite=Lax, because a client sends the browser to /oauth/authorize with a
 * top-level cross-site navigation, which is exactly when it must come along; only sent to /oauth.
 */
export const SSO_COOKIE = 'gopang_sso';
/** The login form's CSRF token, double-submitted: a page elsewhere can post the form but cannot set this cookie. */
export const CSRF_COOKIE = 'gopang_csrf';

export function ssoCookie(token: string, maxAgeSec: number, auth: AuthConfig): string {
  return `${SSO_COOKIE}=${token}; Max-Age=${maxAgeSec}; Path=/oauth; HttpOnly;${auth.secureCookie ? ' Secure;' : ''} SameSite=Lax`;
}

/** Lives as long as the login form it belongs to; `''` with 0 clears it. */
export function csrfCookie(token: string, auth: AuthConfig, maxAgeSec = 600): string {
  return `${CSRF_COOKIE}=${token}; Max-Age=${maxAgeSec}; Path=/oauth/authorize; HttpOnly;${auth.secureCookie ? ' Secure;' : ''} SameSite=Strict`;
}
