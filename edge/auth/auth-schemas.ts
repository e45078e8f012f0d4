// Request schemas of the auth routes (ajv, compiled once; unknown fields rejected).
import { Ajv, type JSONSchemaType } from 'ajv';
import type { NewOAuthClient, PolicyAcceptance, SellerDetails } from '../../engine/auth/auth-wire.js';
import { businessTypes, oauthClientTypes, oidcScopes, policyKinds } from '../../engine/auth/auth-wire.js';
import { PASSWORD_MAX } from '../../engine/auth/password-policy.js';
import { serviceScopes, type Permission } from '../../engine/auth/permissions.js';

const ajv = new Ajv({ allErrors: false, strict: true });

const email = { type: 'string', minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$' } as const;
/** The strength policy is checked by the auth module; the edge only bounds the size (scrypt cost grows with length). */
const password = { type: 'string', minLength: 1, maxLength: PASSWORD_MAX * 4 } as const;
const name = { type: 'string', minLength: 1, maxLength: 100 } as const;
const phone = { type: 'string', minLength: 7, maxLength: 20, pattern: '^\\+?[0-9 -]+$' } as const;
const refreshToken = { type: 'string', minLength: 1, maxLength: 200 } as const;
/** `cookie` (browsers: HttpOnly cookie, not readable by scripts) or `body` (native and service clients) */
const session = { type: 'string', enum: ['cookie', 'body'] } as const;

export type SessionDelivery = 'cookie' | 'body';

const acceptedPolicies: JSONSchemaType<PolicyAcceptance[]> = {
  type: 'array',
  maxItems: policyKinds.length,
  items: {
    type: 'object',
    properties: { kind: { type: 'string', enum: [...policyKinds] }, version: { type: 'integer', minimum: 1, maximum: 1_000_000 } },
    required: ['kind', 'version'],
    additionalProperties: false,
  },
};

export interface BuyerRegistrationBody {
  email: string;
  password: string;
  name: string;
  phone?: string;
  acceptedPolicies: PolicyAcceptance[];
}

export interface SellerRegistrationBody extends BuyerRegistrationBody, SellerDetails {}

const buyerProperties = {
  email,
  password,
  name,
  phone: { ...phone, nullable: true },
  acceptedPolicies,
} as const;

export const buyerRegistrationSchema = {
  type: 'object',
  properties: buyerProperties,
  required: ['email', 'password', 'name', 'acceptedPolicies'],
  additionalProperties: false,
} satisfies JSONSchemaType<BuyerRegistrationBody>;
export const validateBuyerRegistration = ajv.compile<BuyerRegistrationBody>(buyerRegistrationSchema);

export const sellerRegistrationSchema = {
  type: 'object',
  properties: {
    ...buyerProperties,
    businessName: { type: 'string', minLength: 1, maxLength: 100 },
    businessType: { type: 'string', enum: [...businessTypes] },
    businessNumber: { type: 'string', nullable: true, minLength: 1, maxLength: 20, pattern: '^[0-9-]+$' },
  },
  required: ['email', 'password', 'name', 'acceptedPolicies', 'businessName', 'businessType'],
  additionalProperties: false,
} satisfies JSONSchemaType<SellerRegistrationBody>;
export const validateSellerRegistration = ajv.compile<SellerRegistrationBody>(sellerRegistrationSchema);

export interface LoginBody {
  email: string;
  password: string;
  session?: SessionDelivery;
}

export const loginSchema = {
  type: 'object',
  properties: { email, password, session: { ...session, nullable: true } },
  required: ['email', 'password'],
  additionalProperties: false,
} satisfies JSONSchemaType<LoginBody>;
export const validateLogin = ajv.compile<LoginBody>(loginSchema);

export interface RefreshBody {
  refreshToken?: string;
}

export const refreshSchema = {
  type: 'object',
  properties: { refreshToken: { ...refreshToken, nullable: true } },
  additionalProperties: false,
} satisfies JSONSchemaType<RefreshBody>;
export const validateRefresh = ajv.compile<RefreshBody>(refreshSchema);

export interface ProfileChangesBody {
  name?: string;
  phone?: string;
}

export const profileChangesSchema = {
  type: 'object',
  properties: { name: { ...name, nullable: true }, phone: { ...phone, nullable: true } },
  minProperties: 1,
  additionalProperties: false,
} satisfies JSONSchemaType<ProfileChangesBody>;
export const validateProfileChanges = ajv.compile<ProfileChangesBody>(profileChangesSchema);

export interface DeleteAccountBody {
  password: string;
}

export const deleteAccountSchema = {
  type: 'object',
  properties: { password },
  required: ['password'],
  additionalProperties: false,
} satisfies JSONSchemaType<DeleteAccountBody>;
export const validateDeleteAccount = ajv.compile<DeleteAccountBody>(deleteAccountSchema);

export interface PasswordChangeBody {
  currentPassword: string;
  newPassword: string;
}

export const passwordChangeSchema = {
  type: 'object',
  properties: { currentPassword: password, newPassword: password },
  required: ['currentPassword', 'newPassword'],
  additionalProperties: false,
} satisfies JSONSchemaType<PasswordChangeBody>;
export const validatePasswordChange = ajv.compile<PasswordChangeBody>(passwordChangeSchema);

export interface PasswordResetRequestBody {
  email: string;
}

export const passwordResetRequestSchema = {
  type: 'object',
  properties: { email },
  required: ['email'],
  additionalProperties: false,
} satisfies JSONSchemaType<PasswordResetRequestBody>;
export const validatePasswordResetRequest = ajv.compile<PasswordResetRequestBody>(passwordResetRequestSchema);

export interface PasswordResetConfirmBody {
  token: string;
  password: string;
}

export const passwordResetConfirmSchema = {
  type: 'object',
  properties: { token: { type: 'string', minLength: 1, maxLength: 100, description: 'the token of the reset mail' }, password },
  required: ['token', 'password'],
  additionalProperties: false,
} satisfies JSONSchemaType<PasswordResetConfirmBody>;
export const validatePasswordResetConfirm = ajv.compile<PasswordResetConfirmBody>(passwordResetConfirmSchema);

export interface NewClientBody {
  name: string;
  scopes: Permission[];
}

export const newClientSchema = {
  type: 'object',
  properties: {
    name,
    scopes: { type: 'array', minItems: 1, maxItems: serviceScopes.length, uniqueItems: true, items: { type: 'string', enum: [...serviceScopes] } },
  },
  required: ['name', 'scopes'],
  additionalProperties: false,
} as JSONSchemaType<NewClientBody>;
export const validateNewClient = ajv.compile<NewClientBody>(newClientSchema);

const oauthToken = { type: 'string', nullable: true, minLength: 1, maxLength: 4_096 } as const;
const clientCredentialFields = {
  client_id: { type: 'string', nullable: true, minLength: 1, maxLength: 64 },
  client_secret: { type: 'string', nullable: true, minLength: 1, maxLength: 128 },
} as const;

/** One schema for every grant of POST /oauth/token; which fields a grant needs is checked per grant. */
export interface TokenRequestBody {
  grant_type: string;
  client_id?: string;
  client_secret?: string;
  scope?: string;
  code?: string;
  redirect_uri?: string;
  code_verifier?: string;
  refresh_token?: string;
}

export const tokenRequestSchema = {
  type: 'object',
  properties: {
    grant_type: { type: 'string', maxLength: 64 },
    ...clientCredentialFields,
    scope: { type: 'string', nullable: true, maxLength: 512 },
    code: { ...oauthToken, maxLength: 128 },
    redirect_uri: { type: 'string', nullable: true, minLength: 1, maxLength: 2_000 },
    code_verifier: { type: 'string', nullable: true, minLength: 1, maxLength: 128 },
    refresh_token: { ...oauthToken, maxLength: 200 },
  },
  required: ['grant_type'],
  additionalProperties: false,
} satisfies JSONSchemaType<TokenRequestBody>;
export const validateTokenRequest = ajv.compile<TokenRequestBody>(tokenRequestSchema);

/** POST /oauth/revoke (RFC 7009) and /oauth/introspect (RFC 7662). */
export interface TokenLookupBody {
  token: string;
  token_type_hint?: string;
  client_id?: string;
  client_secret?: string;
}

export const tokenLookupSchema = {
  type: 'object',
  properties: {
    token: { type: 'string', minLength: 1, maxLength: 4_096 },
    token_type_hint: { type: 'string', nullable: true, maxLength: 64 },
    ...clientCredentialFields,
  },
  required: ['token'],
  additionalProperties: false,
} satisfies JSONSchemaType<TokenLookupBody>;
export const validateTokenLookup = ajv.compile<TokenLookupBody>(tokenLookupSchema);

/** The login form of GET /oauth/authorize, posted back (form-encoded). */
export interface LoginFormBody {
  request_id: string;
  csrf_token?: string;
  email: string;
  password: string;
}

export const loginFormSchema = {
  type: 'object',
  properties: {
    request_id: { type: 'string', maxLength: 64 },
    csrf_token: { type: 'string', nullable: true, maxLength: 64 },
    email: { type: 'string', maxLength: 254 },
    password,
  },
  required: ['request_id', 'email', 'password'],
  additionalProperties: false,
} satisfies JSONSchemaType<LoginFormBody>;
export const validateLoginForm = ajv.compile<LoginFormBody>(loginFormSchema);

export const newOAuthClientSchema = {
  type: 'object',
  properties: {
    name,
    type: { type: 'string', enum: [...oauthClientTypes] },
    redirectUris: { type: 'array', minItems: 1, maxItems: 10, uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 2_000 } },
    scopes: { type: 'array', minItems: 1, maxItems: oidcScopes.length, uniqueItems: true, items: { type: 'string', enum: [...oidcScopes] } },
  },
  required: ['name', 'type', 'redirectUris', 'scopes'],
  additionalProperties: false,
} as JSONSchemaType<NewOAuthClient>;
export const validateNewOAuthClient = ajv.compile<NewOAuthClient>(newOAuthClientSchema);

/** POST /api/v1/auth/policies/accept: the latest version of one policy */
export const policyAcceptanceSchema = acceptedPolicies.items as JSONSchemaType<PolicyAcceptance>;
export const validatePolicyAcceptance = ajv.compile<PolicyAcceptance>(policyAcceptanceSchema);
