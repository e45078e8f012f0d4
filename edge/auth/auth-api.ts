// Documentation of the auth routes (edge/auth/auth-routes.ts, edge/auth/auth-public-routes.ts).
import {
  buyerRegistrationSchema, deleteAccountSchema, loginSchema, newClientSchema, profileChangesSchema, refreshSchema,
  sellerRegistrationSchema, tokenRequestSchema,
} from './auth-schemas.js';
import type { JsonSchema, RouteDoc } from '../openapi/route-doc.js';

const profileSchema: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    email: { type: 'string' },
    name: { type: 'string' },
    phone: { type: ['string', 'null'] },
    roles: { type: 'array', items: { enum: ['buyer', 'seller', 'admin', 'service'] } },
    seller: { type: ['object', 'null'], description: 'businessName, businessType, businessNumber of a seller account' },
    acceptedPolicies: { type: 'array', items: { type: 'object', properties: { kind: { type: 'string' }, version: { type: 'integer' } } } },
    createdAt: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'email', 'name', 'roles'],
};

const grantSchema: JsonSchema = {
  type: 'object',
  properties: {
    accessToken: { type: 'string', description: 'ES256 JWT (iss, aud, sub, roles, jti, sid; kid in the header)' },
    tokenType: { const: 'Bearer' },
    expiresIn: { type: 'integer' },
    refreshExpiresIn: { type: 'integer' },
    refreshToken: { type: 'string', description: 'only with `session: "body"` or a body-presented refresh token; otherwise the HttpOnly cookie' },
  },
  required: ['accessToken', 'tokenType', 'expiresIn'],
};

const registerErrors: RouteDoc['errors'] = ['MALFORMED_JSON', 'INVALID_INPUT', 'PAYLOAD_TOO_LARGE', 'WEAK_PASSWORD', 'TERMS_NOT_ACCEPTED', 'EMAIL_TAKEN', 'AUTH_UNAVAILABLE'];
const refreshErrors: RouteDoc['errors'] = ['MALFORMED_JSON', 'INVALID_INPUT', 'INVALID_REFRESH_TOKEN', 'AUTH_UNAVAILABLE'];
const signedIn: RouteDoc['errors'] = ['UNAUTHENTICATED', 'NOT_FOUND', 'AUTH_UNAVAILABLE'];
const cookieNote = 'browsers: the refresh token travels in the `gopang_refresh` cookie (HttpOnly; Secure; SameSite=Strict; Path=/api/v1/auth)';

export const authApi: RouteDoc[] = [
  {
    method: 'post', path: '/api/v1/auth/register', operationId: 'registerBuyer', tag: 'auth',
    summary: 'Register a buyer account; the current required terms (terms, privacy) must be accepted',
    body: buyerRegistrationSchema, responses: { 201: { description: 'the new account', schema: profileSchema } }, errors: registerErrors,
  },
  {
    method: 'post', path: '/api/v1/sellers/register', operationId: 'registerSeller', tag: 'auth',
    summary: 'Register a seller account with its business type; seller terms are required too',
    body: sellerRegistrationSchema, responses: { 201: { description: 'the new account', schema: profileSchema } }, errors: registerErrors,
  },
  {
    method: 'post', path: '/api/v1/auth/login', operationId: 'login', tag: 'auth',
    summary: `Access JWT + refresh token (a new family; with single-session roles older sessions end); ${cookieNote}; with X-Cart-Token the guest cart merges into the member's cart`,
    headers: [{
      name: 'X-Cart-Token', required: false, schema: { type: 'string' },
      description: 'a guest cart token: on success that cart merges into the member\'s cart (quantities add, capped per SKU; a failed merge never fails the login)',
    }],
    body: loginSchema, responses: { 200: { description: 'signed in', schema: grantSchema } },
    errors: ['MALFORMED_JSON', 'INVALID_INPUT', 'INVALID_CREDENTIALS', 'ACCOUNT_LOCKED', 'RATE_LIMITED', 'AUTH_UNAVAILABLE'],
  },
  {
    method: 'post', path: '/api/v1/auth/refresh', operationId: 'refresh', tag: 'auth',
    summary: 'Rotate the refresh token (body or cookie); a reused rotated token revokes its whole family',
    body: refreshSchema, responses: { 200: { description: 'new tokens', schema: grantSchema } }, errors: [...refreshErrors, 'REFRESH_TOKEN_REUSED'],
  },
  {
    method: 'post', path: '/api/v1/auth/logout', operationId: 'logout', tag: 'auth',
    summary: 'Revoke the session (refresh-token family) and clear the cookie',
    body: refreshSchema, responses: { 200: { description: 'revoked', schema: { type: 'object', properties: { revoked: { type: 'boolean' } } } } }, errors: refreshErrors,
  },
  {
    method: 'get', path: '/api/v1/auth/me', operationId: 'getProfile', tag: 'auth', auth: 'signed in',
    summary: 'The signed-in account', responses: { 200: { description: 'the account', schema: profileSchema } }, errors: signedIn,
  },
  {
    method: 'patch', path: '/api/v1/auth/me', operationId: 'updateProfile', tag: 'auth', auth: 'signed in',
    summary: 'Change name or phone', body: profileChangesSchema,
    responses: { 200: { description: 'the account', schema: profileSchema } }, errors: [...signedIn, 'MALFORMED_JSON', 'INVALID_INPUT'],
  },
  {
    method: 'delete', path: '/api/v1/auth/me', operationId: 'deleteAccount', tag: 'auth', auth: 'signed in',
    summary: 'Soft-delete the account (password required); every session ends and login becomes impossible', body: deleteAccountSchema,
    responses: { 200: { description: 'deleted' } }, errors: ['UNAUTHENTICATED', 'MALFORMED_JSON', 'INVALID_INPUT', 'INVALID_CREDENTIALS', 'AUTH_UNAVAILABLE'],
  },
  {
    method: 'get', path: '/api/v1/auth/userinfo', operationId: 'userinfo', tag: 'auth', auth: 'signed in',
    summary: 'OIDC-style claims of the signed-in user',
    responses: { 200: { description: 'claims', schema: { type: 'object', properties: { sub: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' } } } } },
    errors: signedIn,
  },
  {
    method: 'get', path: '/api/v1/auth/ping', operationId: 'ping', tag: 'auth',
    summary: 'Answers from the token alone (never the auth module): `sub` and roles, or `sub: null` without a token',
    responses: { 200: { description: 'who the token says you are' } }, errors: ['UNAUTHENTICATED'],
  },
  {
    method: 'post', path: '/oauth/token', operationId: 'oauthToken', tag: 'auth',
    summary: 'Client credentials grant (HTTP Basic or client_id/client_secret): a short service JWT with scopes',
    body: tokenRequestSchema, bodyTypes: ['application/x-www-form-urlencoded', 'application/json'],
    responses: { 200: { description: 'access_token, token_type, expires_in, scope' } },
    errors: ['MALFORMED_JSON', 'INVALID_INPUT', 'UNSUPPORTED_GRANT_TYPE', 'INVALID_CLIENT', 'INVALID_SCOPE', 'AUTH_UNAVAILABLE'],
  },
  {
    method: 'get', path: '/.well-known/jwks.json', operationId: 'jwks', tag: 'auth',
    summary: 'Public signing keys (current and recently retired), served from the edge memory', responses: { 200: { description: 'JWKS' } }, errors: [],
  },
  {
    method: 'get', path: '/.well-known/openid-configuration', operationId: 'openidConfiguration', tag: 'auth',
    summary: 'Issuer, JWKS and endpoint discovery', responses: { 200: { description: 'discovery document' } }, errors: [],
  },
  {
    method: 'get', path: '/api/v1/policies/{kind}', operationId: 'getPolicy', tag: 'auth',
    summary: 'Current version of a policy: terms, seller, review, youth, privacy',
    responses: { 200: { description: 'kind, version, title, body, requiredFor, publishedAt' } }, errors: ['NOT_FOUND'],
  },
  {
    method: 'post', path: '/api/v1/admin/service-clients', operationId: 'createServiceClient', tag: 'auth', auth: 'client:write',
    summary: 'Create a client-credentials client; the secret is shown once', body: newClientSchema,
    responses: { 201: { description: 'clientId, clientSecret, scopes' } },
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'MALFORMED_JSON', 'INVALID_INPUT', 'INVALID_SCOPE', 'AUTH_UNAVAILABLE'],
  },
  {
    method: 'post', path: '/api/v1/admin/auth/keys/rotate', operationId: 'rotateSigningKey', tag: 'auth', auth: 'key:rotate',
    summary: 'Rotate the signing key; edges pick up the new JWKS without a restart', responses: { 200: { description: 'the new kid' } },
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'AUTH_UNAVAILABLE'],
  },
];
