// The OAuth 2.1 / OpenID Connect endpoints: /oauth/authorize (login form, redirects), /oauth/token
// (authorization_code, refresh_token, client_credentials), /oauth/revoke (RFC 7009), /oauth/introspect
// (RFC 7662), and the admin registration of clients. Every decision is the auth module's; this file
// parses, authenticates the transport and encodes (HTML pages, redirects, RFC 6749 §5.2 JSON errors).
import type HyperExpress from 'hyper-express';
import type { AuthClient } from '../../engine/auth/auth-client.js';
import type { AuthorizeOutcome, ClientAuthentication, OAuthGrant } from '../../engine/auth/auth-wire.js';
import { EngineError, errorStatus, type ErrorCode } from '../../engine/platform/errors.js';
import type { EdgeContext } from '../edge-context.js';
import { authorizedBearer } from '../http/auth-permission.js';
import { bodyText, route } from '../http/http-errors.js';
import { cursorText, pageLimit, withLegacyItems } from '../http/paging.js';
import { parseBody } from '../http/schemas.js';
import { cookieValue, CSRF_COOKIE, csrfCookie, SSO_COOKIE, ssoCookie } from './auth-cookies.js';
import { errorPage, loginPage, sendPage } from './oauth-pages.js';
import { clientLimitKey } from '../http/http-conventions.js';
import {
  validateLoginForm, validateNewOAuthClient, validateTokenLookup, validateTokenRequest, type TokenLookupBody, type TokenRequestBody,
} from './auth-schemas.js';

/** RFC 6749 §5.2 error names of the engine codes these endpoints raise. */
const oauthErrorNames: Partial<Record<ErrorCode, string>> = {
  INVALID_CLIENT: 'invalid_client',
  INVALID_GRANT: 'invalid_grant',
  INVALID_SCOPE: 'invalid_scope',
  UNSUPPORTED_GRANT_TYPE: 'unsupported_grant_type',
  INVALID_INPUT: 'invalid_request',
  MALFORMED_JSON: 'invalid_request',
  PAYLOAD_TOO_LARGE: 'invalid_request',
  AUTH_UNAVAILABLE: 'temporarily_unavailable',
  UNAVAILABLE: 'temporarily_unavailable',
};

/** `{ error, error_description }` with the code's status; a 401 to Basic credentials names the scheme (RFC 6749 §5.2). */
function sendOAuthError(res: HyperExpress.Response, code: ErrorCode, message: string, req: HyperExpress.Request): void {
  if (errorStatus[code] === 401 && /^basic /i.test(req.headers.authorization ?? '')) res.header('www-authenticate', 'Basic realm="gopang"', true);
  allowCors(res).status(errorStatus[code]).header('cache-control', 'no-store', true)
    .json({ error: oauthErrorNames[code] ?? 'server_error', error_description: message });
}

function sendHtmlError(res: HyperExpress.Response, code: ErrorCode, message: string): void {
  sendPage(res, errorStatus[code], errorPage(oauthErrorNames[code] ?? 'server_error', message));
}

/** Browser apps on other origins call these with fetch: no cookies are involved, so any origin may. */
function allowCors(res: HyperExpress.Response): HyperExpress.Response {
  return res.header('access-control-allow-origin', '*', true);
}

export function registerOAuthRoutes({ config, server, verifier }: EdgeContext, auth: AuthClient): void {
  const limit = config.http.restMaxBodyBytes;
  const oauthRoute = (name: string, handler: Parameters<typeof route>[1]) => route(name, handler, sendOAuthError);
  const pageRoute = (name: string, handler: Parameters<typeof route>[1]) => route(name, handler, sendHtmlError);

  function answerAuthorize(res: HyperExpress.Response, outcome: AuthorizeOutcome, email?: string): void {
    if (outcome.kind === 'errorPage') return sendPage(res, outcome.status, errorPage(outcome.error, outcome.description));
    if (outcome.kind === 'loginForm') {
      res.header('set-cookie', csrfCookie(outcome.csrfToken, config.auth), true);
      return sendPage(res, outcome.status, loginPage({ ...outcome, ...(email === undefined ? {} : { email }) }));
    }
    const cookies = outcome.ssoSession === undefined ? [] : [ssoCookie(outcome.ssoSession, config.auth.ssoTtlSec, config.auth), csrfCookie('', config.auth, 0)];
    if (cookies.length > 0) res.header('set-cookie', cookies, true);
    res.status(302).header('cache-control', 'no-store', true).header('location', outcome.location, true).send();
  }

  server.get('/oauth/authorize', pageRoute('oauth_authorize', async (req, res) => {
    const query = new URLSearchParams(req.path_query);
    const params: Record<string, string> = {};
    const repeated = new Set<string>();
    for (const [name, value] of query) {
      if (name in params) repeated.add(name);
      else params[name] = value;
    }
    const ssoSession = cookieValue(req.headers.cookie, SSO_COOKIE);
    answerAuthorize(res, await auth.call('oauthAuthorize', { params, repeated: [...repeated], ...(ssoSession === undefined ? {} : { ssoSession }) }));
  }));

  server.post('/oauth/authorize', pageRoute('oauth_login', async (req, res) => {
    const form = parseBody(JSON.stringify(formFields(await bodyText(req, limit))), validateLoginForm);
    const csrf = cookieValue(req.headers.cookie, CSRF_COOKIE);
    const outcome = await auth.call('oauthLogin', {
      requestId: form.request_id, csrfToken: form.csrf_token ?? '', email: form.email, password: form.password, ip: clientLimitKey(req),
      ...(csrf === undefined ? {} : { csrfCookie: csrf }),
    });
    answerAuthorize(res, outcome, form.email);
  }));

  server.post('/oauth/token', oauthRoute('oauth_token', async (req, res) => {
    const request = parseBody<TokenRequestBody>(await tokenEndpointBody(req, limit), validateTokenRequest);
    allowCors(res).header('cache-control', 'no-store', true).header('pragma', 'no-cache', true);
    if (request.grant_type === 'client_credentials') {
      const client = basicCredentials(req.headers.authorization) ?? { clientId: request.client_id, clientSecret: request.client_secret };
      if (!client.clientId || !client.clientSecret) throw new EngineError('INVALID_CLIENT', 'client authentication failed');
      const token = await auth.call('clientCredentials', { clientId: client.clientId, clientSecret: client.clientSecret, scope: request.scope ?? undefined });
      return void res.json({ access_token: token.accessToken, token_type: 'Bearer', expires_in: token.expiresIn, scope: token.scope });
    }
    const grant = grantOf(request);
    const tokens = await auth.call('oauthToken', { client: clientOf(req, request), grant });
    res.json({
      access_token: tokens.accessToken, token_type: 'Bearer', expires_in: tokens.expiresIn, scope: tokens.scope,
      ...(tokens.refreshToken === undefined ? {} : { refresh_token: tokens.refreshToken }),
      ...(tokens.idToken === undefined ? {} : { id_token: tokens.idToken }),
    });
  }));

  server.post('/oauth/revoke', oauthRoute('oauth_revoke', async (req, res) => {
    const request = parseBody<TokenLookupBody>(await tokenEndpointBody(req, limit), validateTokenLookup);
    await auth.call('oauthRevoke', { client: clientOf(req, request), token: request.token });
    allowCors(res).header('cache-control', 'no-store', true).status(200).send(); // RFC 7009 §2.2: 200 even for an unknown token
  }));

  server.post('/oauth/introspect', oauthRoute('oauth_introspect', async (req, res) => {
    const request = parseBody<TokenLookupBody>(await tokenEndpointBody(req, limit), validateTokenLookup);
    res.header('cache-control', 'no-store', true).json(await auth.call('oauthIntrospect', { client: clientOf(req, request), token: request.token }));
  }));

  // CORS preflights of browser apps (the Authorization header, or JSON bodies, make fetch ask first)
  for (const path of ['/oauth/token', '/oauth/revoke', '/api/v1/auth/userinfo']) {
    server.options(path, async (_req, res) => {
      allowCors(res).header('access-control-allow-methods', 'GET, POST', true).header('access-control-allow-headers', 'authorization, content-type', true)
        .header('access-control-max-age', '600', true).status(204).send();
    });
  }

  server.get('/api/v1/admin/oauth-clients', route('oauth_clients_list', async (req, res) => {
    const callerToken = await authorizedBearer(verifier, req.headers.authorization ?? '', 'client:write');
    const page = await auth.call('listOAuthClients', { callerToken, cursor: cursorText(req.query_parameters, 'cursor'), limit: pageLimit(req.query_parameters.limit) });
    res.header('cache-control', 'no-store', true).json(withLegacyItems(page, 'clients'));
  }));

  server.post('/api/v1/admin/oauth-clients', route('oauth_client_create', async (req, res) => {
    const callerToken = await authorizedBearer(verifier, req.headers.authorization ?? '', 'client:write');
    const input = parseBody(await bodyText(req, limit), validateNewOAuthClient);
    res.status(201).header('cache-control', 'no-store', true).json(await auth.call('createOAuthClient', { ...input, callerToken }));
  }));

  server.delete('/api/v1/admin/oauth-clients/:clientId', route('oauth_client_delete', async (req, res) => {
    const callerToken = await authorizedBearer(verifier, req.headers.authorization ?? '', 'client:write');
    const clientId = req.path_parameters.clientId ?? '';
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(clientId)) throw new EngineError('NOT_FOUND', 'no such OAuth client');
    res.json(await auth.call('deleteOAuthClient', { clientId, callerToken }));
  }));
}

/** A form body's fields; a repeated one is refused (RFC 6749 §3.1, §3.2). */
function formFields(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(text)) {
    if (name in fields) throw new EngineError('INVALID_INPUT', `parameter ${name} is repeated`);
    fields[name] = value;
  }
  return fields;
}

/** RFC 6749 asks for form encoding; JSON is taken too (as before). Answers JSON text for parseBody. */
async function tokenEndpointBody(req: HyperExpress.Request, limit: number): Promise<string> {
  const text = await bodyText(req, limit);
  if (!String(req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) return text;
  return JSON.stringify(formFields(text));
}

/** client_secret_basic, client_secret_post or none (client_id alone); never two at once. */
function clientOf(req: HyperExpress.Request, body: { client_id?: string; client_secret?: string }): ClientAuthentication {
  const basic = basicCredentials(req.headers.authorization);
  if (basic !== undefined) {
    if (body.client_secret != null || (body.client_id != null && body.client_id !== basic.clientId)) {
      throw new EngineError('INVALID_INPUT', 'use one client authentication method');
    }
    return basic;
  }
  if (req.headers.authorization !== undefined) throw new EngineError('INVALID_CLIENT', 'client authentication failed: unsupported Authorization scheme');
  if (body.client_id == null) throw new EngineError('INVALID_CLIENT', 'client authentication failed: client_id is required');
  return { clientId: body.client_id, ...(body.client_secret == null ? {} : { clientSecret: body.client_secret }) };
}

function grantOf(request: TokenRequestBody): OAuthGrant {
  if (request.grant_type === 'authorization_code') {
    if (request.code == null) throw new EngineError('INVALID_INPUT', 'code is required');
    return {
      type: 'authorization_code', code: request.code,
      ...(request.redirect_uri == null ? {} : { redirectUri: request.redirect_uri }),
      ...(request.code_verifier == null ? {} : { codeVerifier: request.code_verifier }),
    };
  }
  if (request.grant_type === 'refresh_token') {
    if (request.refresh_token == null) throw new EngineError('INVALID_INPUT', 'refresh_token is required');
    return { type: 'refresh_token', refreshToken: request.refresh_token, ...(request.scope == null ? {} : { scope: request.scope }) };
  }
  throw new EngineError('UNSUPPORTED_GRANT_TYPE', 'grant_type must be authorization_code, refresh_token or client_credentials');
}

function basicCredentials(authorization: string | undefined): ClientAuthentication & { clientSecret: string } | undefined {
  if (authorization === undefined || !/^basic /i.test(authorization)) return undefined;
  const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) return undefined;
  try {
    return { clientId: decodeURIComponent(decoded.slice(0, colon)), clientSecret: decodeURIComponent(decoded.slice(colon + 1)) };
  } catch {
    return undefined; // malformed percent-encoding: not valid credentials
  }
}
