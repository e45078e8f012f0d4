// Accounts and sessions over REST. Everything that needs the auth module goes through AuthClient
// (NATS, short timeout, 503 AUTH_UNAVAILABLE when it does not answer); token checks stay local.
import type HyperExpress from 'hyper-express';
import { AuthClient } from '../../engine/auth/auth-client.js';
import type { AuthConfig } from '../../engine/auth/auth-config.js';
import type { Registration, TokenGrant } from '../../engine/auth/auth-wire.js';
import { CartStore } from '../../engine/cart/cart-store.js';
import { EngineError } from '../../engine/platform/errors.js';
import { clearedRefreshCookie, refreshCookie, refreshTokenFromCookies } from './auth-cookies.js';
import { subscribeAuthEvents } from './auth-events.js';
import { registerAuthPublicRoutes } from './auth-public-routes.js';
import { registerOAuthRoutes } from './oauth-routes.js';
import { registerPasswordRoutes } from './password-routes.js';
import {
  validateBuyerRegistration,
  validateDeleteAccount,
  validateLogin,
  validateProfileChanges,
  validateRefresh,
  validateSellerRegistration,
  type SessionDelivery,
} from './auth-schemas.js';
import { authenticate } from '../http/authenticate.js';
import type { EdgeContext } from '../edge-context.js';
import { bodyText, route } from '../http/http-errors.js';
import { parseBody } from '../http/schemas.js';
import { clientLimitKey } from '../http/http-conventions.js';

export function authRoutes(ctx: EdgeContext): void {
  const { config, server, nc, verifier } = ctx;
  const auth = new AuthClient(nc, config.namespace, config.auth.requestTimeoutMs);
  const limit = config.http.restMaxBodyBytes;
  const body = async <T>(req: HyperExpress.Request, validate: Parameters<typeof parseBody<T>>[1]) => parseBody(await bodyText(req, limit), validate);
  const signedIn = (req: HyperExpress.Request) => authenticate(verifier, req.headers.authorization ?? '');
  const carts = new CartStore(ctx.db, config.orders.maxQuantityPerSku);

  subscribeAuthEvents(ctx);
  registerAuthPublicRoutes(ctx, auth);
  registerOAuthRoutes(ctx, auth);
  registerPasswordRoutes(ctx, auth);

  const register = async (req: HyperExpress.Request, res: HyperExpress.Response, registration: Registration) => {
    res.status(201).json(await auth.call('register', { ...registration, ip: clientLimitKey(req) }));
  };
  server.post('/api/v1/auth/register', route('auth_register', async (req, res) => {
    await register(req, res, { accountType: 'buyer', ...(await body(req, validateBuyerRegistration)) });
  }));
  server.post('/api/v1/sellers/register', route('auth_register_seller', async (req, res) => {
    const { businessName, businessType, businessNumber, ...account } = await body(req, validateSellerRegistration);
    const seller = { businessName, businessType, ...(businessNumber === undefined ? {} : { businessNumber }) };
    await register(req, res, { accountType: 'seller', ...account, seller });
  }));

  server.post('/api/v1/auth/login', route('auth_login', async (req, res) => {
    const { email, password, session } = await body(req, validateLogin);
    const grant = await auth.call('login', { email, password, ip: clientLimitKey(req) });
    // the guest's cart (X-Cart-Token) joins the member's cart before the answer, so the next read sees it
    await carts.mergeAtLogin(grant.userId, req.headers['x-cart-token']);
    sendGrant(res, grant, session ?? 'cookie', config.auth);
  }));

  server.post('/api/v1/auth/refresh', route('auth_refresh', async (req, res) => {
    const { token, delivery } = await presentedRefreshToken(req);
    sendGrant(res, await auth.call('refresh', { refreshToken: token }), delivery, config.auth);
  }));

  server.post('/api/v1/auth/logout', route('auth_logout', async (req, res) => {
    const { token } = await presentedRefreshToken(req);
    const answer = await auth.call('logout', { refreshToken: token });
    res.header('set-cookie', clearedRefreshCookie(config.auth), true).json(answer);
  }));

  server.get('/api/v1/auth/me', route('auth_profile', async (req, res) => {
    const { userId } = await signedIn(req);
    res.json(await auth.call('profile', { userId }));
  }));
  server.patch('/api/v1/auth/me', route('auth_profile_update', async (req, res) => {
    const { userId } = await signedIn(req);
    res.json(await auth.call('updateProfile', { userId, ...(await body(req, validateProfileChanges)) }));
  }));
  server.delete('/api/v1/auth/me', route('auth_delete_account', async (req, res) => {
    const { userId } = await signedIn(req);
    const { password } = await body(req, validateDeleteAccount);
    res.header('set-cookie', clearedRefreshCookie(config.auth), true).json(await auth.call('deleteAccount', { userId, password, ip: clientLimitKey(req) }));
  }));

  // an OAuth client's token (client_id claim) gets the claims its scopes allow; a login-API token all of them
  server.get('/api/v1/auth/userinfo', route('auth_userinfo', async (req, res) => {
    const { userId, clientId, scopes } = await signedIn(req);
    const { sub, email, name } = await auth.call('userinfo', { userId, ...(clientId === undefined ? {} : { scopes }) });
    res.header('access-control-allow-origin', '*', true).json({ sub, email, name });
  }));

  // Answers from the token alone (never the auth module); without a token it answers anonymously,
  // so the benchmark can compare the same route with and without verification.
  server.get('/api/v1/auth/ping', route('auth_ping', async (req, res) => {
    const authorization = req.headers.authorization;
    if (authorization === undefined) return void res.json({ sub: null });
    const { userId, roles } = await authenticate(verifier, authorization);
    res.json({ sub: String(userId), roles });
  }));

  async function presentedRefreshToken(req: HyperExpress.Request): Promise<{ token: string; delivery: SessionDelivery }> {
    const text = await bodyText(req, limit);
    const fromBody = text.trim() === '' ? undefined : parseBody(text, validateRefresh).refreshToken;
    if (typeof fromBody === 'string') return { token: fromBody, delivery: 'body' }; // the schema lets null through
    const fromCookie = refreshTokenFromCookies(req.headers.cookie);
    if (fromCookie !== undefined) return { token: fromCookie, delivery: 'cookie' };
    throw new EngineError('INVALID_REFRESH_TOKEN', 'a refresh token is required (body or cookie)');
  }
}

function sendGrant(res: HyperExpress.Response, grant: TokenGrant, delivery: SessionDelivery, auth: AuthConfig): void {
  res.header('cache-control', 'no-store', true);
  const answer = {
    accessToken: grant.accessToken, tokenType: 'Bearer', expiresIn: grant.expiresIn, refreshExpiresIn: grant.refreshExpiresIn,
    ...(grant.policiesToAccept?.length ? { policiesToAccept: grant.policiesToAccept } : {}),
  };
  if (delivery === 'body') return void res.json({ ...answer, refreshToken: grant.refreshToken });
  res.header('set-cookie', refreshCookie(grant.refreshToken, grant.refreshExpiresIn, auth), true).json(answer);
}
