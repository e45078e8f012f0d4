// Wire types of the auth module's NATS request-reply API (JSON). Passwords and tokens travel only
// inside the NATS connection, never into logs.
import type { ErrorCode } from '../platform/errors.js';
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
}

export interface ServiceToken {
  accessToken: string;
  expiresIn: number;
  scope: string;
}

export interface AuthRequests {
  register: Registration;
  login: { email: string; password: string; ip: string };
  refresh: { refreshToken: string };
  logout: { refreshToken: string };
  profile: { userId: number };
  updateProfile: { userId: number; name?: string; phone?: string };
  deleteAccount: { userId: number; password: string };
  userinfo: { userId: number };
  clientCredentials: { clientId: string; clientSecret: string; scope?: string };
  createClient: { name: string; scopes: Permission[] };
  rotateKey: Record<string, never>;
}

export interface AuthReplies {
  register: Profile;
  login: TokenGrant;
  refresh: TokenGrant;
  logout: { revoked: boolean };
  profile: Profile;
  updateProfile: Profile;
  deleteAccount: { deleted: true };
  userinfo: { sub: string; email: string; name: string; roles: Role[] };
  clientCredentials: ServiceToken;
  createClient: { clientId: string; clientSecret: string; scopes: Permission[] };
  rotateKey: { kid: string };
}

/** Every reply: the value, or a typed error the edge answers with as is. */
export type AuthReply<Op extends AuthOperation> = { ok: true; value: AuthReplies[Op] } | { ok: false; code: ErrorCode; message: string };
