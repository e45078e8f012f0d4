// Wire types of the auth module's NATS request-reply API (JSON). Passwords and tokens travel only
// inside the NATS connection, never into logs.
import type { ErrorCode } from '../platform/errors.js';
import type { Page } from '../platform/db/keyset-page.js';
import type { AuthOperation } from './auth-subjects.js';
import type { Permission } from './permissions.js';
import type { Role } from './roles.js';

export const policyKinds = ['terms', 'seller', 'review', 'youth', 'privacy'] as const;
export type PolicyKind = (typeof policyKinds)[number];

export const businessTypes = ['BRAND_OWNER', 'CONSIGNMENT', 'WHOLESALE', 'OVERSEAS_DIRECT'] as const;
export type BusinessType = (typeof businessTypes)[number];

export type AccountType = 'buyer' | 'seller';

export interface PolicyAcceptance {
  kind: PolicyKind;
  version: number;
}

export interface SellerDetails {
  businessName: string;
  businessType: BusinessType;
  businessNumber?: string;
}

export interface Registration {
  accountType: AccountType;
  email: string;
  password: string;
  name: string;
  phone?: string;
  acceptedPolicies: PolicyAcceptance[];
  seller?: SellerDetails;
}

export interface Profile {
  id: number;
  email: string;
  name: string;
  phone: string | null;
  roles: Role[];
  seller: SellerDetails | null;
  acceptedPolicies: PolicyAcceptance[];
  createdAt: string;
}

export interface TokenGrant {
  userId: number;
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
  /** at login: the latest policy versions the user has still to accept (policy-store.ts) */
  policiesToAccept?: PolicyAcceptance[];
}

export interface ServiceToken {
  accessToken: string;
  expiresIn: number;
  scope: string;
}

export const oauthClientTypes = ['public', 'confidential'] as const;
export type OAuthClientType = (typeof oauthClientTypes)[number];
/** Scopes an OAuth client may be given: OpenID Connect's, never a permission (user tokens keep their roles). */
export const oidcScopes = ['openid', 'profile', 'email', 'offline_access'] as const;
export type OidcScope = (typeof oidcScopes)[number];

export interface NewOAuthClient {
  name: string;
  type: OAuthClientType;
  redirectUris: string[];
  scopes: OidcScope[];
}

export interface OAuthClient extends NewOAuthClient {
  clientId: string;
  createdAt: string;
}

/** How a client proved who it is at the token, revocation or introspection endpoint. */
export interface ClientAuthentication {
  clientId: string;
  clientSecret?: string;
}

/** What the authorization endpoint answers with: a page, or a redirect back to the client. */
export type AuthorizeOutcome =
  /** unknown client or redirect URI (never redirected: RFC 6749 §4.1.2.1), expired request, bad CSRF token */
  | { kind: 'errorPage'; status: number; error: string; description: string }
  /** the client's redirect URI with `code` or `error`, plus `state` and `iss`; a new sign-in session to set */
  | { kind: 'redirect'; location: string; ssoSession?: string }
  /** the login form, bound to a pending request and its CSRF token (also set as a cookie) */
  | { kind: 'loginForm'; status: number; requestId: string; csrfToken: string; clientName: string; scopes: string[]; error?: string };

export interface OAuthTokens {
  accessToken: string;
  expiresIn: number;
  scope: string;
  refreshToken?: string;
  idToken?: string;
}

export type OAuthGrant =
  | { type: 'authorization_code'; code: string; redirectUri?: string; codeVerifier?: string }
  | { type: 'refresh_token'; refreshToken: string; scope?: string };

/** RFC 7662 answer: `{ active: false }` says nothing more. */
export type Introspection =
  | { active: false }
  | {
      active: true; token_type: 'access_token' | 'refresh_token'; sub: string; scope?: string; client_id?: string;
      exp: number; iat?: number; iss: string; aud?: string;
    };

/** What an administration request carries: the caller's access token, verified by the auth module itself (admin-operations.ts). */
export interface CallerToken {
  callerToken: string;
}

export interface AuthRequests {
  /** `ip`: the client's address, for the per-IP registration throttle */
  register: Registration & { ip: string };
  login: { email: string; password: string; ip: string };
  refresh: { refreshToken: string };
  logout: { refreshToken: string };
  profile: { userId: number };
  updateProfile: { userId: number; name?: string; phone?: string };
  /** `ip`: the client's address; the password check is throttled like a login's */
  deleteAccount: { userId: number; password: string; ip: string };
  /** `sessionId`: the caller's session (the token's `sid`), kept; every other session of the user ends */
  changePassword: { userId: number; sessionId?: string; currentPassword: string; newPassword: string; ip: string };
  requestPasswordReset: { email: string; ip: string };
  confirmPasswordReset: { token: string; password: string };
  /** `scopes` of an OAuth access token limit the claims (email, profile); without them every claim */
  userinfo: { userId: number; scopes?: readonly string[] };
  clientCredentials: { clientId: string; clientSecret: string; scope?: string };
  createClient: { name: string; scopes: Permission[] } & CallerToken;
  rotateKey: CallerToken;
  /** the query parameters as sent; `repeated` names those sent more than once (RFC 6749 §3.1 forbids it) */
  oauthAuthorize: { params: Record<string, string>; repeated: string[]; ssoSession?: string };
  oauthLogin: { requestId: string; csrfToken: string; csrfCookie?: string; email: string; password: string; ip: string };
  oauthToken: { client: ClientAuthentication; grant: OAuthGrant };
  oauthRevoke: { client: ClientAuthentication; token: string };
  oauthIntrospect: { client: ClientAuthentication; token: string };
  createOAuthClient: NewOAuthClient & CallerToken;
  listOAuthClients: CallerToken & { cursor?: string; limit?: number };
  deleteOAuthClient: { clientId: string } & CallerToken;
}

export interface AuthReplies {
  register: Profile;
  login: TokenGrant;
  refresh: TokenGrant;
  logout: { revoked: boolean };
  profile: Profile;
  updateProfile: Profile;
  deleteAccount: { deleted: true };
  changePassword: { changed: true; revokedSessions: number };
  requestPasswordReset: { accepted: true };
  confirmPasswordReset: { reset: true };
  userinfo: { sub: string; email?: string; name?: string; roles: Role[] };
  clientCredentials: ServiceToken;
  createClient: { clientId: string; clientSecret: string; scopes: Permission[] };
  rotateKey: { kid: string };
  oauthAuthorize: AuthorizeOutcome;
  oauthLogin: AuthorizeOutcome;
  oauthToken: OAuthTokens;
  oauthRevoke: { revoked: boolean };
  oauthIntrospect: Introspection;
  createOAuthClient: OAuthClient & { clientSecret?: string };
  listOAuthClients: Page<OAuthClient>;
  deleteOAuthClient: { deleted: true };
}

/** Every reply: the value, or a typed error the edge answers with as is. */
export type AuthReply<Op extends AuthOperation> = { ok: true; value: AuthReplies[Op] } | { ok: false; code: ErrorCode; message: string; retryAfterSec?: number };
