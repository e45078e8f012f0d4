// Documentation of the auth routes (edge/auth/auth-routes.ts, edge/auth/auth-public-routes.ts).
import {
  buyerRegistrationSchema, deleteAccountSchema, loginFormSchema, loginSchema, newClientSchema, newOAuthClientSchema, passwordChangeSchema,
  passwordResetConfirmSchema, passwordResetRequestSchema, policyAcceptanceSchema, profileChangesSchema, refreshSchema, sellerRegistrationSchema, tokenLookupSchema, tokenRequestSchema,
} from './auth-schemas.js';
import type { HeaderDoc, JsonSchema, RouteDoc } from '../openapi/route-doc.js';
import { businessTypes, policyKinds } from '../../engine/auth/auth-wire.js';
import { pageQueryDoc, pageSchema } from '../http/paging.js';

const deletedSchema: JsonSchema = { type: 'object', properties: { deleted: { const: true } }, required: ['deleted'] };
const location: HeaderDoc = { description: 'where the browser goes next', schema: { type: 'string', format: 'uri' } };
const cacheControl: HeaderDoc = { description: 'how long a cache may keep the answer', schema: { type: 'string' } };

const oauthClientSchema: JsonSchema = {
  type: 'object',
  properties: {
    clientId: { type: 'string' }, name: { type: 'string' }, type: { enum: ['public', 'confidential'] },
    redirectUris: { type: 'array', items: { type: 'string' } }, scopes: { type: 'array', items: { type: 'string' } }, createdAt: { type: 'string', format: 'date-time' },
  },
  required: ['clientId', 'name', 'type', 'redirectUris', 'scopes', 'createdAt'],
};
const newOAuthClientAnswer: JsonSchema = { ...oauthClientSchema, properties: { ...(oauthClientSchema.properties as object), clientSecret: { type: 'string' } } };

const introspectionSchema: JsonSchema = {
  type: 'object',
  description: 'RFC 7662; `{active: false}` says nothing more',
  properties: {
    active: { type: 'boolean' }, token_type: { enum: ['access_token', 'refresh_token'] }, sub: { type: 'string' }, scope: { type: 'string' },
    client_id: { type: 'string' }, exp: { type: 'integer' }, iat: { type: 'integer' }, iss: { type: 'string' }, aud: { type: 'string' },
  },
  required: ['active'],
};

const jwksSchema: JsonSchema = {
  type: 'object',
  properties: { keys: { type: 'array', items: { type: 'object', properties: { kid: { type: 'string' }, kty: { type: 'string' }, alg: { type: 'string' }, use: { type: 'string' } }, required: ['kid', 'kty'] } } },
  required: ['keys'],
};

const discoverySchema: JsonSchema = {
  type: 'object',
  description: 'OpenID Connect Discovery 1.0 metadata',
  properties: { issuer: { type: 'string' }, authorization_endpoint: { type: 'string' }, token_endpoint: { type: 'string' }, jwks_uri: { type: 'string' } },
  required: ['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri'],
};

const policySchema: JsonSchema = {
  type: 'object',
  properties: {
    kind: { enum: [...policyKinds] }, version: { type: 'integer' }, title: { type: 'string' }, body: { type: 'string' },
    requiredFor: { type: 'array', items: { type: 'string' } }, publishedAt: { type: 'string', format: 'date-time' },
  },
  required: ['kind', 'version', 'title', 'body', 'requiredFor', 'publishedAt'],
};

const profileSchema: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    email: { type: 'string' },
    name: { type: 'string' },
    phone: { type: ['string', 'null'] },
    roles: { type: 'array', items: { enum: ['buyer', 'seller', 'admin', 'service'] } },
    seller: {
      type: ['object', 'null'],
      description: 'a seller account\'s business',
      properties: { businessName: { type: 'string' }, businessType: { enum: [...businessTypes] }, businessNumber: { type: 'string' } },
      required: ['businessName', 'businessType'],
    },
    acceptedPolicies: { type: 'array', items: { type: 'object', properties: { kind: { enum: [...policyKinds] }, version: { type: 'integer' } }, required: ['kind', 'version'] } },
    createdAt: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'email', 'name', 'phone', 'roles', 'seller', 'acceptedPolicies', 'createdAt'],
};

export const policyVersionSchema: JsonSchema = {
  type: 'object', properties: { kind: { enum: ['terms', 'seller', 'review', 'youth', 'privacy'] }, version: { type: 'integer' } }, required: ['kind', 'version'],
};

const grantSchema: JsonSchema = {
  type: 'object',
  properties: {
    accessToken: { type: 'string', description: 'ES256 JWT (iss, aud, sub, roles, jti, sid; kid in the header)' },
    tokenType: { const: 'Bearer' },
    expiresIn: { type: 'integer' },
    refreshExpiresIn: { type: 'integer' },
    refreshToken: { type: 'string', description: 'only with `session: "body"` or a body-presented refresh token; otherwise the HttpOnly cookie' },
    policiesToAccept: {
      type: 'array', items: policyVersionSchema,
      description: 'login only, when not empty: the latest policy versions the user has still to accept (POST /api/v1/auth/policies/accept)',
    },
  },
  required: ['accessToken', 'tokenType', 'expiresIn'],
};

const registerErrors: RouteDoc['errors'] = ['MALFORMED_JSON', 'INVALID_INPUT', 'PAYLOAD_TOO_LARGE', 'WEAK_PASSWORD', 'TERMS_NOT_ACCEPTED', 'EMAIL_TAKEN', 'RATE_LIMITED', 'AUTH_BUSY', 'AUTH_UNAVAILABLE'];
const refreshErrors: RouteDoc['errors'] = ['MALFORMED_JSON', 'INVALID_INPUT', 'INVALID_REFRESH_TOKEN', 'AUTH_UNAVAILABLE'];
const signedIn: RouteDoc['errors'] = ['UNAUTHENTICATED', 'NOT_FOUND', 'AUTH_UNAVAILABLE'];
const refreshCookie: Record<string, HeaderDoc> = {
  'Set-Cookie': { description: 'for browsers (unless the refresh token is asked for in the body): the `gopang_refresh` cookie', schema: { type: 'string' } },
};
const clearedCookie: Record<string, HeaderDoc> = { 'Set-Cookie': { description: 'the `gopang_refresh` cookie, cleared', schema: { type: 'string' } } };
const cookieNote = 'browsers: the refresh token travels in the `gopang_refresh` cookie (HttpOnly; Secure; SameSite=Strict; Path=/api/v1/auth)';

export const authApi: RouteDoc[] = [
  {
    method: 'post', path: '/api/v1/auth/register', operationId: 'registerBuyer', tag: 'auth',
    summary: 'Register a buyer account; the current required terms (terms, privacy) must be accepted. Registrations are limited per client IP (`AUTH_REGISTER_IP_LIMIT`; 429 with Retry-After)',
    body: buyerRegistrationSchema,
    bodyExample: { email: 'buyer@example.com', password: 'correct horse battery staple', name: 'Kim Minji', acceptedPolicies: [{ kind: 'terms', version: 1 }, { kind: 'privacy', version: 1 }] },
    responses: { 201: { description: 'the new account', schema: profileSchema } }, errors: registerErrors,
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
    body: loginSchema, bodyExample: { email: 'buyer@example.com', password: 'correct horse battery staple' }, responses: { 200: { description: 'signed in', schema: grantSchema, headers: refreshCookie } },
    errors: ['MALFORMED_JSON', 'INVALID_INPUT', 'INVALID_CREDENTIALS', 'ACCOUNT_LOCKED', 'RATE_LIMITED', 'AUTH_BUSY', 'AUTH_UNAVAILABLE'],
  },
  {
    method: 'post', path: '/api/v1/auth/refresh', operationId: 'refresh', tag: 'auth',
    summary: 'Rotate the refresh token (body or cookie); a reused rotated token revokes its whole family',
    body: refreshSchema, responses: { 200: { description: 'new tokens', schema: grantSchema, headers: refreshCookie } }, errors: [...refreshErrors, 'REFRESH_TOKEN_REUSED'],
  },
  {
    method: 'post', path: '/api/v1/auth/logout', operationId: 'logout', tag: 'auth',
    summary: 'Revoke the session (refresh-token family) and clear the cookie',
    body: refreshSchema, responses: { 200: { description: 'revoked', schema: { type: 'object', properties: { revoked: { type: 'boolean' } }, required: ['revoked'] }, headers: clearedCookie } }, errors: refreshErrors,
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
    summary: 'Soft-delete the account (password required; the check is throttled like a login, per client IP and per account); every session ends and login becomes impossible',
    body: deleteAccountSchema, responses: { 200: { description: 'deleted', schema: deletedSchema, headers: clearedCookie } },
    errors: ['UNAUTHENTICATED', 'MALFORMED_JSON', 'INVALID_INPUT', 'INVALID_CREDENTIALS', 'ACCOUNT_LOCKED', 'RATE_LIMITED', 'AUTH_BUSY', 'AUTH_UNAVAILABLE'],
  },
  {
    method: 'post', path: '/api/v1/auth/password', operationId: 'changePassword', tag: 'auth', auth: 'signed in',
    summary: 'Change the password: the current one is checked and counted like a login (per client IP and per account); the new one follows the registration policy. '
      + 'Every other session of the account ends (the caller\'s stays); reset tokens in flight die',
    body: passwordChangeSchema,
    responses: { 200: { description: 'changed', schema: { type: 'object', properties: { changed: { const: true }, revokedSessions: { type: 'integer' } }, required: ['changed', 'revokedSessions'] } } },
    errors: ['UNAUTHENTICATED', 'MALFORMED_JSON', 'INVALID_INPUT', 'PAYLOAD_TOO_LARGE', 'INVALID_CREDENTIALS', 'WEAK_PASSWORD', 'ACCOUNT_LOCKED', 'RATE_LIMITED', 'VERSION_CONFLICT', 'AUTH_BUSY', 'AUTH_UNAVAILABLE'],
  },
  {
    method: 'post', path: '/api/v1/auth/password-reset', operationId: 'requestPasswordReset', tag: 'auth',
    summary: 'Ask for a password-reset token by e-mail: the same 202 whether or not an account has the address (answered before the account is looked up). '
      + 'A single-use token valid AUTH_PASSWORD_RESET_TTL_SEC goes out through the mail outbox; requests are limited per client IP (429) and mails per address (silently)',
    body: passwordResetRequestSchema,
    responses: { 202: { description: 'accepted (always alike)', schema: { type: 'object', properties: { status: { const: 'ACCEPTED' }, message: { type: 'string' } }, required: ['status', 'message'] } } },
    errors: ['MALFORMED_JSON', 'INVALID_INPUT', 'PAYLOAD_TOO_LARGE', 'RATE_LIMITED', 'AUTH_UNAVAILABLE'],
  },
  {
    method: 'post', path: '/api/v1/auth/password-reset/confirm', operationId: 'confirmPasswordReset', tag: 'auth',
    summary: 'Set a new password with the token of the reset mail: it works once (of concurrent confirms one wins); every session of the account ends and the login lockout is cleared',
    body: passwordResetConfirmSchema,
    responses: { 200: { description: 'the password is set', schema: { type: 'object', properties: { reset: { const: true } }, required: ['reset'] } } },
    errors: ['MALFORMED_JSON', 'INVALID_INPUT', 'PAYLOAD_TOO_LARGE', 'RESET_TOKEN_INVALID', 'RESET_TOKEN_EXPIRED', 'WEAK_PASSWORD', 'AUTH_BUSY', 'AUTH_UNAVAILABLE'],
  },
  {
    method: 'get', path: '/api/v1/auth/userinfo', operationId: 'userinfo', tag: 'auth', auth: 'signed in',
    summary: 'OpenID Connect claims of the signed-in user; an OAuth client\'s token gets email with scope email and name with scope profile',
    responses: { 200: { description: 'claims', schema: { type: 'object', properties: { sub: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' } }, required: ['sub'] } } },
    errors: signedIn,
  },
  {
    method: 'get', path: '/api/v1/auth/ping', operationId: 'ping', tag: 'auth',
    summary: 'Answers from the token alone (never the auth module): `sub` and roles, or `sub: null` without a token',
    responses: {
      200: {
        description: 'who the token says you are',
        schema: { type: 'object', properties: { sub: { type: ['string', 'null'] }, roles: { type: 'array', items: { type: 'string' } } }, required: ['sub'] },
        example: { sub: '42', roles: ['buyer'] },
      },
    },
    errors: ['UNAUTHENTICATED'],
  },
  {
    method: 'get', path: '/oauth/authorize', operationId: 'oauthAuthorize', tag: 'oauth',
    summary: 'Authorization code + PKCE (S256 only, every client): the login form, or with a sign-in session (cookie `gopang_sso`) straight back with a code. '
      + 'Errors go back to redirect_uri as `error=` (RFC 6749 §4.1.2.1), except an unknown client or redirect URI: a 400 page, never a redirect',
    query: [
      { name: 'response_type', required: true, schema: { const: 'code' } },
      { name: 'client_id', required: true, schema: { type: 'string' } },
      { name: 'redirect_uri', required: true, schema: { type: 'string', description: 'exactly as registered' } },
      { name: 'scope', schema: { type: 'string', description: 'openid profile email offline_access, within the client\'s scopes' } },
      { name: 'state', schema: { type: 'string' } },
      { name: 'nonce', schema: { type: 'string' } },
      { name: 'code_challenge', required: true, schema: { type: 'string', description: 'base64url SHA-256 of the code_verifier' } },
      { name: 'code_challenge_method', required: true, schema: { const: 'S256' } },
      { name: 'prompt', schema: { type: 'string', description: 'none (no form: login_required), login (always the form)' } },
    ],
    responses: {
      200: { description: 'the login form: `<form method="post">` with email, password, request_id and csrf_token; sets the CSRF cookie', contentType: 'text/html', schema: { type: 'string' } },
      302: { description: 'to redirect_uri with code, state and iss, or error, error_description, state and iss', headers: { Location: location } },
      400: { description: 'unknown client, unregistered redirect_uri: a page, never a redirect', contentType: 'text/html', schema: { type: 'string' } },
    },
    errors: ['AUTH_UNAVAILABLE'], errorFormat: 'html',
  },
  {
    method: 'post', path: '/oauth/authorize', operationId: 'oauthLogin', tag: 'oauth',
    summary: 'The login form posted back: on success a sign-in session cookie and a 302 to redirect_uri with code, state and iss; a wrong password shows the form again',
    body: loginFormSchema, bodyTypes: ['application/x-www-form-urlencoded'],
    responses: {
      302: { description: 'to redirect_uri with code, state and iss', headers: { Location: location } },
      400: { description: 'expired or used sign-in request: a page', contentType: 'text/html', schema: { type: 'string' } },
      401: { description: 'wrong email or password: the form again', contentType: 'text/html', schema: { type: 'string' } },
      403: { description: 'CSRF token missing or not matching the cookie: a page', contentType: 'text/html', schema: { type: 'string' } },
      423: { description: 'account locked: the form again', contentType: 'text/html', schema: { type: 'string' } },
      429: { description: 'too many attempts from this IP: the form again', contentType: 'text/html', schema: { type: 'string' } },
    },
    errors: ['INVALID_INPUT', 'PAYLOAD_TOO_LARGE', 'AUTH_BUSY', 'AUTH_UNAVAILABLE'], errorFormat: 'html',
  },
  {
    method: 'post', path: '/oauth/token', operationId: 'oauthToken', tag: 'oauth',
    summary: 'authorization_code (PKCE verified; a code works once within AUTH_CODE_TTL_SEC, a second use revokes what the first gave), '
      + 'refresh_token (rotates; a reused one revokes its family), client_credentials (service clients). Client authentication: none, client_secret_basic, client_secret_post',
    body: tokenRequestSchema, bodyTypes: ['application/x-www-form-urlencoded', 'application/json'],
    responses: {
      200: {
        description: 'RFC 6749 §5.1 token response',
        schema: {
          type: 'object',
          properties: {
            access_token: { type: 'string' }, token_type: { const: 'Bearer' }, expires_in: { type: 'integer' }, scope: { type: 'string' },
            refresh_token: { type: 'string', description: 'with offline_access' }, id_token: { type: 'string', description: 'with openid: ES256, aud = client_id' },
          },
          required: ['access_token', 'token_type', 'expires_in'],
        },
      },
    },
    errors: ['MALFORMED_JSON', 'INVALID_INPUT', 'UNSUPPORTED_GRANT_TYPE', 'INVALID_CLIENT', 'INVALID_GRANT', 'INVALID_SCOPE', 'AUTH_UNAVAILABLE'], errorFormat: 'oauth',
  },
  {
    method: 'post', path: '/oauth/revoke', operationId: 'oauthRevoke', tag: 'oauth',
    summary: 'RFC 7009: a refresh or access token of the calling client ends its whole session (refresh-token family); unknown tokens answer 200 too',
    body: tokenLookupSchema, bodyTypes: ['application/x-www-form-urlencoded', 'application/json'],
    responses: { 200: { description: 'revoked (or nothing to revoke)' } },
    errors: ['MALFORMED_JSON', 'INVALID_INPUT', 'INVALID_CLIENT', 'AUTH_UNAVAILABLE'], errorFormat: 'oauth',
  },
  {
    method: 'post', path: '/oauth/introspect', operationId: 'oauthIntrospect', tag: 'oauth',
    summary: 'RFC 7662, confidential clients only: any valid access token, or a refresh token of the calling client',
    body: tokenLookupSchema, bodyTypes: ['application/x-www-form-urlencoded', 'application/json'],
    responses: { 200: { description: '{active: false}, or the token\'s claims', schema: introspectionSchema, example: { active: false } } },
    errors: ['MALFORMED_JSON', 'INVALID_INPUT', 'INVALID_CLIENT', 'AUTH_UNAVAILABLE'], errorFormat: 'oauth',
  },
  {
    method: 'get', path: '/api/v1/admin/oauth-clients', operationId: 'listOAuthClients', tag: 'oauth', auth: 'client:write',
    summary: 'Registered OAuth clients (never their secrets), in client id order, cursor-paged (also as `clients`, deprecated)',
    query: pageQueryDoc(),
    responses: { 200: { description: 'a page of clients', schema: pageSchema(oauthClientSchema) } },
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'INVALID_INPUT', 'INVALID_CURSOR', 'AUTH_UNAVAILABLE'],
  },
  {
    method: 'post', path: '/api/v1/admin/oauth-clients', operationId: 'createOAuthClient', tag: 'oauth', auth: 'client:write',
    summary: 'Register an OAuth client: public (SPA, mobile: PKCE only) or confidential (backend: PKCE and a secret, shown once). '
      + 'Redirect URIs: https, http to the loopback, or app.scheme:/path',
    body: newOAuthClientSchema,
    responses: { 201: { description: 'the client; clientSecret (confidential clients only) is shown this once', schema: newOAuthClientAnswer } },
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'MALFORMED_JSON', 'INVALID_INPUT', 'AUTH_UNAVAILABLE'],
  },
  {
    method: 'delete', path: '/api/v1/admin/oauth-clients/{clientId}', params: { clientId: { type: 'string', pattern: '^oc_[0-9a-f]{24}$' } }, operationId: 'deleteOAuthClient', tag: 'oauth', auth: 'client:write',
    summary: 'Delete an OAuth client: its codes go and every session it holds is revoked',
    responses: { 200: { description: 'deleted', schema: deletedSchema } }, errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'AUTH_UNAVAILABLE'],
  },
  {
    method: 'get', path: '/.well-known/jwks.json', operationId: 'jwks', tag: 'auth',
    summary: 'Public signing keys (current and recently retired), served from the edge memory', responses: { 200: { description: 'JWKS (RFC 7517)', schema: jwksSchema, headers: { 'Cache-Control': cacheControl } } }, errors: [],
  },
  {
    method: 'get', path: '/.well-known/openid-configuration', operationId: 'openidConfiguration', tag: 'auth',
    summary: 'OpenID Connect discovery, built from PUBLIC_URL (never the Host header)', responses: { 200: { description: 'discovery document', schema: discoverySchema, headers: { 'Cache-Control': cacheControl } } }, errors: [],
  },
  {
    method: 'get', path: '/api/v1/policies/{kind}', params: { kind: { type: 'string', enum: [...policyKinds] } }, operationId: 'getPolicy', tag: 'auth',
    summary: 'Current version of a policy: terms, seller, review, youth, privacy',
    responses: { 200: { description: 'the policy', schema: policySchema, headers: { 'Cache-Control': cacheControl } } }, errors: ['NOT_FOUND'],
  },
  {
    method: 'post', path: '/api/v1/auth/policies/accept', operationId: 'acceptPolicy', tag: 'auth', auth: 'signed in',
    summary: 'Accept the latest version of a policy (the login answer\'s `policiesToAccept` lists those left); a repeat is a no-op',
    body: policyAcceptanceSchema,
    responses: { 200: { description: 'the versions still to accept', schema: { type: 'object', properties: { policiesToAccept: { type: 'array', items: policyVersionSchema } }, required: ['policiesToAccept'] } } },
    errors: ['UNAUTHENTICATED', 'NOT_FOUND', 'MALFORMED_JSON', 'INVALID_INPUT', 'PAYLOAD_TOO_LARGE', 'POLICY_NOT_CURRENT'],
  },
  {
    method: 'post', path: '/api/v1/admin/service-clients', operationId: 'createServiceClient', tag: 'auth', auth: 'client:write',
    summary: 'Create a client-credentials client; the secret is shown once', body: newClientSchema,
    responses: {
      201: {
        description: 'the client; the secret is shown this once',
        schema: { type: 'object', properties: { clientId: { type: 'string' }, clientSecret: { type: 'string' }, scopes: { type: 'array', items: { type: 'string' } } }, required: ['clientId', 'clientSecret', 'scopes'] },
      },
    },
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'MALFORMED_JSON', 'INVALID_INPUT', 'INVALID_SCOPE', 'AUTH_UNAVAILABLE'],
  },
  {
    method: 'post', path: '/api/v1/admin/auth/keys/rotate', operationId: 'rotateSigningKey', tag: 'auth', auth: 'key:rotate',
    summary: 'Rotate the signing key; edges pick up the new JWKS without a restart', responses: { 200: { description: 'the new key id', schema: { type: 'object', properties: { kid: { type: 'string' } }, required: ['kid'] } } },
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'AUTH_UNAVAILABLE'],
  },
];
