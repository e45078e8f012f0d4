// The authorization endpoint (OAuth 2.1 authorization code + PKCE, OpenID Connect): checks the request,
// answers with the login form, or with a code straight away when the browser has a sign-in session.
// Errors follow RFC 6749 §4.1.2.1: back to the client's redirect URI with `error=`, except when the
// client or the redirect URI is unknown, which is a 400 page (never an open redirect).
import type pg from 'pg';
import type { EngineConfig } from '../platform/config.js';
import { EngineError } from '../platform/errors.js';
import type { AccountService } from './account-service.js';
import { oidcScopes, type AuthorizeOutcome, type AuthRequests } from './auth-wire.js';
import { insertCode } from './oauth-codes.js';
import { findOAuthClient } from './oauth-clients.js';
import { sameSecret, type PendingAuthorization, type SignInState, type SsoSession } from './sign-in-state.js';
import { activeRoles } from './user-store.js';

export interface OAuthAuthorizationDeps {
  config: EngineConfig;
  db: pg.Pool;
  accounts: AccountService;
  signIn: SignInState;
}

const CODE_CHALLENGE = /^[A-Za-z0-9_-]{43}$/; // base64url of a SHA-256, unpadded
const MAX_STATE = 1_024;
const MAX_NONCE = 512;
/** RFC 6749 Appendix A: state is VSCHAR; nonce is held to the same (it lands in a SQL text column and a JWT). */
const VISIBLE = /^[\x20-\x7e]*$/;
/** Failures of the login form that show the form again, with the status of the answer. */
const formErrors: Partial<Record<string, number>> = { INVALID_CREDENTIALS: 401, ACCOUNT_LOCKED: 423, RATE_LIMITED: 429 };

const errorPage = (status: number, error: string, description: string): AuthorizeOutcome => ({ kind: 'errorPage', status, error, description });

export class OAuthAuthorization {
  constructor(private readonly deps: OAuthAuthorizationDeps) {}

  async authorize({ params, repeated, ssoSession }: AuthRequests['oauthAuthorize']): Promise<AuthorizeOutcome> {
    const clientId = params.client_id;
    if (clientId === undefined || repeated.includes('client_id')) return errorPage(400, 'invalid_request', 'client_id is missing or repeated');
    const client = await findOAuthClient(this.deps.db, clientId);
    if (client === undefined) return errorPage(400, 'invalid_client', 'unknown client');
    const redirectUri = params.redirect_uri;
    if (redirectUri === undefined || repeated.includes('redirect_uri') || !client.redirectUris.includes(redirectUri)) {
      return errorPage(400, 'invalid_request', 'redirect_uri is missing or not registered for this client');
    }
    const state = repeated.includes('state') ? undefined : params.state;
    const back = (error: string, description: string) => this.redirect(redirectUri, { error, error_description: description, state });

    if (repeated.length > 0) return back('invalid_request', `parameter ${repeated[0]} is repeated`);
    if (params.response_type !== 'code') return back('unsupported_response_type', 'only response_type=code is supported');
    if (params.code_challenge === undefined) return back('invalid_request', 'PKCE is required: send code_challenge with code_challenge_method=S256');
    if (params.code_challenge_method !== 'S256') return back('invalid_request', 'code_challenge_method must be S256 (plain is refused)');
    if (!CODE_CHALLENGE.test(params.code_challenge)) return back('invalid_request', 'code_challenge must be the base64url SHA-256 of the verifier');
    if (!VISIBLE.test(state ?? '') || !VISIBLE.test(params.nonce ?? '') || (state?.length ?? 0) > MAX_STATE || (params.nonce?.length ?? 0) > MAX_NONCE) {
      return back('invalid_request', 'state and nonce must be printable ASCII of reasonable length');
    }
    const scopes = (params.scope ?? '').split(' ').filter((s) => s !== '');
    const outside = scopes.find((s) => !(oidcScopes as readonly string[]).includes(s) || !(client.scopes as string[]).includes(s));
    if (outside !== undefined) return back('invalid_scope', `scope ${outside} is not allowed for this client`);
    const prompt = (params.prompt ?? '').split(' ').filter((p) => p !== '');
    if (prompt.some((p) => !['none', 'login', 'consent', 'select_account'].includes(p)) || (prompt.includes('none') && prompt.length > 1)) {
      return back('invalid_request', 'prompt must be none, login, consent or select_account');
    }

    const request: Omit<PendingAuthorization, 'csrfToken'> = {
      clientId, clientName: client.name, redirectUri, scopes: [...new Set(scopes)], codeChallenge: params.code_challenge,
      ...(state === undefined ? {} : { state }), ...(params.nonce === undefined ? {} : { nonce: params.nonce }),
    };
    const session = ssoSession === undefined || prompt.includes('login') ? undefined : await this.liveSession(ssoSession);
    if (session !== undefined) return this.codeRedirect(request, session);
    if (prompt.includes('none')) return back('login_required', 'the user is not signed in');
    const { requestId, csrfToken } = await this.deps.signIn.savePending(request);
    return { kind: 'loginForm', status: 200, requestId, csrfToken, clientName: client.name, scopes: request.scopes };
  }

  /** The login form posted back: the CSRF token must match the request's and the browser's cookie. */
  async login({ requestId, csrfToken, csrfCookie, email, password, ip }: AuthRequests['oauthLogin']): Promise<AuthorizeOutcome> {
    const { signIn, accounts } = this.deps;
    const pending = requestId === '' ? undefined : await signIn.pending(requestId);
    if (pending === undefined) return errorPage(400, 'invalid_request', 'this sign-in request expired or was already used; start again from the application');
    if (csrfCookie === undefined || !sameSecret(csrfToken, pending.csrfToken) || !sameSecret(csrfCookie, pending.csrfToken)) {
      return errorPage(403, 'invalid_request', 'the form\'s CSRF token is missing or does not match; reload the sign-in page');
    }
    let user: { id: number };
    try {
      user = await accounts.verifyCredentials({ email, password, ip });
    } catch (err) {
      const status = err instanceof EngineError ? formErrors[err.code] : undefined;
      if (status === undefined || !(err instanceof EngineError)) throw err;
      return { kind: 'loginForm', status, requestId, csrfToken: pending.csrfToken, clientName: pending.clientName, scopes: pending.scopes, error: err.message };
    }
    if (!(await signIn.takePending(requestId))) return errorPage(400, 'invalid_request', 'this sign-in request was already used');
    const session = { userId: user.id, authTime: Math.floor(Date.now() / 1000) };
    const outcome = await this.codeRedirect(pending, session);
    return { ...outcome, ssoSession: await signIn.startSession(session) };
  }

  private async liveSession(token: string): Promise<SsoSession | undefined> {
    const session = await this.deps.signIn.session(token);
    if (session === undefined) return undefined;
    return (await activeRoles(this.deps.db, session.userId)) === undefined ? undefined : session; // deleted meanwhile
  }

  private async codeRedirect(request: Omit<PendingAuthorization, 'csrfToken'>, session: SsoSession): Promise<AuthorizeOutcome & { kind: 'redirect' }> {
    const code = await insertCode(this.deps.db, { ...request, userId: session.userId, authTime: session.authTime }, this.deps.config.auth.codeTtlSec);
    return this.redirect(request.redirectUri, { code, state: request.state });
  }

  /** RFC 9207: `iss` names the issuer on every answer, so a client talking to several cannot be mixed up. */
  private redirect(redirectUri: string, params: Record<string, string | undefined>): AuthorizeOutcome & { kind: 'redirect' } {
    const url = new URL(redirectUri);
    for (const [name, value] of Object.entries({ ...params, iss: this.deps.config.jwt.issuer })) {
      if (value !== undefined) url.searchParams.set(name, value);
    }
    return { kind: 'redirect', location: url.href };
  }
}
