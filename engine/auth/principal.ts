// Who a verified access token speaks for: what edges hand to use cases that check ownership and roles.
import type { Role } from './roles.js';

export interface Principal {
  readonly userId: number;
  readonly roles: readonly Role[];
  readonly expiresAt: number; // epoch seconds
  /** OAuth scopes of a client-credentials token (`scope` claim); empty for user tokens */
  readonly scopes: readonly string[];
  /** the login session (refresh-token family, `sid` claim) of a user token */
  readonly sessionId?: string;
  /** the OAuth client a user token was granted to (`client_id` claim) */
  readonly clientId?: string;
}

export function hasRole(principal: Principal, role: Role): boolean {
  return principal.roles.includes(role);
}
