// Redis key shapes of the auth module. Each call touches one key, so each key is its own hash tag.
import { createHash } from 'node:crypto';

/** Emails are hashed so keys carry no personal data and have a bounded length. */
function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

/** Failed logins of one account (string counter with TTL): reaching the limit locks the account. */
export function loginFailuresKey(namespace: string, email: string): string {
  return `${namespace}:auth:{fail:${digest(email)}}`;
}

/** Login attempts of one client IP (string counter with TTL). */
export function loginIpKey(namespace: string, ip: string): string {
  return `${namespace}:auth:{ip:${ip}}`;
}

/** Registrations from one client IP (string counter with TTL). */
export function registerIpKey(namespace: string, ip: string): string {
  return `${namespace}:auth:{reg:${ip}}`;
}

/** Password-reset requests from one client IP (string counter with TTL). */
export function resetIpKey(namespace: string, ip: string): string {
  return `${namespace}:auth:{rip:${ip}}`;
}

/** Password-reset mails to one e-mail address (string counter with TTL). */
export function resetEmailKey(namespace: string, email: string): string {
  return `${namespace}:auth:{rmail:${digest(email)}}`;
}

/** A pending authorization request shown as the login form (JSON with TTL), by its request id. */
export function authorizeRequestKey(namespace: string, requestId: string): string {
  return `${namespace}:auth:{authz:${requestId}}`;
}

/** An OAuth sign-in session (JSON with TTL), by the digest of its cookie value. */
export function ssoSessionKey(namespace: string, token: string): string {
  return `${namespace}:auth:{sso:${digest(token)}}`;
}
