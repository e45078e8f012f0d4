// The token, revocation (RFC 7009) and introspection (RFC 7662) endpoints of the OAuth provider.
// Codes are exchanged once, with PKCE (S256) checked; a replayed code revokes the family its first
// exchange started. Refresh tokens rotate with the login API's family rules, bound to their client.
import { createHash } from 'node:crypto';
import { decodeJwt } from 'jose';
import type pg from 'pg';
import type { EngineConfig } from '../platform/config.js';
import { inTransaction } from '../platform/db/transaction.js';
import { EngineError } from '../platform/errors.js';
import { log } from '../platform/log.js';
import type { AccessTokenVerifier } from './access-token-verifier.js';
import type { Principal } from './principal.js';
import type { AccountService } from './account-service.js';
import type { AuthRequests, Introspection, OAuthClient, OAuthGrant, OAuthTokens } from './auth-wire.js';
import { authenticateClient } from './oauth-clients.js';
import { lockCode, markCodeUsed } from './oauth-codes.js';
import { findToken, isFamilyRevoked, revokeFamily, revokeFamilyOf, rotate, startFamily } from './refresh-tokens.js';
import type { Role } from './roles.js';
import type { TokenIssuer } from './token-issuer.js';
import { activeRoles, findProfile } from './user-store.js';

export interface OAuthTokenDeps {
  config: EngineConfig;
  db: pg.Pool;
  accounts: AccountService;
  issuer: TokenIssuer;
  /** the auth module's own verifier: access tokens presented for revocation or introspection */
  verifier: AccessTokenVerifier;
  announceRevoked(sessionIds: string[]): void;
}

const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/; // RFC 7636 §4.1
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const invalidGrant = (message: string) => new EngineError('INVALID_GRANT', message);

/** RFC 7636 §4.6, S256 only. */
function pkceMatches(verifier: string | undefined, challenge: string): boolean {
  return verifier !== undefined && VERIFIER.test(verifier) && createHash('sha256').update(verifier).digest('base64url') === challenge;
}

type Exchange =
  | { ok: true; userId: number; roles: Role[]; familyId: string; refreshToken: string; scopes: string[]; nonce: string | null; authTime: number; revoked: string[] }
  | { ok: false; message: string; revoked: string[] };

export class OAuthTokenService {
  constructor(private readonly deps: OAuthTokenDeps) {}

  async token({ client: credentials, grant }: AuthRequests['oauthToken']): Promise<OAuthTokens> {
    const client = await authenticateClient(this.deps.db, credentials);
    return grant.type === 'authorization_code' ? this.exchangeCode(client, grant) : this.refresh(client, grant);
  }

  private async exchangeCode(client: OAuthClient, grant: OAuthGrant & { type: 'authorization_code' }): Promise<OAuthTokens> {
    const { db, config, accounts } = this.deps;
    // failures return instead of throwing, so what they did (a burnt code, a revoked family) commits
    const exchange = await inTransaction(db, async (tx): Promise<Exchange> => {
      const row = await lockCode(tx, grant.code);
      if (row === undefined || row.client_id !== client.clientId) return { ok: false, message: 'unknown authorization code', revoked: [] };
      if (row.used) {
        if (row.family_id !== null) await revokeFamily(tx, row.family_id, 'code-replay');
        log('warn', 'authorization code replayed: what its first use issued is revoked', { clientId: client.clientId, familyId: row.family_id });
        return { ok: false, message: 'the authorization code was already used; the tokens it gave are revoked', revoked: row.family_id === null ? [] : [row.family_id] };
      }
      if (row.expired) return { ok: false, message: 'the authorization code expired', revoked: [] };
      const userId = Number(row.user_id);
      const roles = await activeRoles(tx, userId);
      const failure = grant.redirectUri !== row.redirect_uri ? 'redirect_uri differs from the authorization request'
        : !pkceMatches(grant.codeVerifier, row.code_challenge) ? 'code_verifier does not match the code_challenge (PKCE)'
          : roles === undefined ? 'the account no longer exists' : undefined;
      if (failure !== undefined || roles === undefined) {
        await markCodeUsed(tx, grant.code, null); // a code seen with a wrong verifier may be stolen: it is burnt
        return { ok: false, message: failure ?? 'the account no longer exists', revoked: [] };
      }
      const revoked = await accounts.endOtherSessions(tx, userId, roles);
      const family = await startFamily(tx, userId, config.auth.refreshTokenTtlSec, { clientId: client.clientId, scopes: row.scopes });
      await markCodeUsed(tx, grant.code, family.familyId);
      return { ok: true, userId, roles, familyId: family.familyId, refreshToken: family.token, scopes: row.scopes, nonce: row.nonce, authTime: row.auth_time, revoked };
    });
    this.deps.announceRevoked(exchange.revoked);
    if (!exchange.ok) throw invalidGrant(exchange.message);
    const { userId, roles, familyId, scopes } = exchange;
    return {
      ...(await this.accessToken(client, userId, roles, familyId, scopes)),
      ...(scopes.includes('offline_access') ? { refreshToken: exchange.refreshToken } : {}),
      ...(scopes.includes('openid') ? { idToken: await this.idToken(client, userId, scopes, exchange.authTime, exchange.nonce) } : {}),
    };
  }

  private async refresh(client: OAuthClient, grant: OAuthGrant & { type: 'refresh_token' }): Promise<OAuthTokens> {
    const { db, config } = this.deps;
    const rotation = await inTransaction(db, (tx) => rotate(tx, grant.refreshToken, config.auth, client.clientId));
    if (rotation.outcome === 'reused') {
      this.deps.announceRevoked([rotation.familyId]);
      throw invalidGrant('this refresh token was already used; the session is revoked, sign in again');
    }
    if (rotation.outcome === 'invalid') throw invalidGrant('the refresh token is invalid, expired, revoked or of another client');
    const granted = rotation.scopes ?? [];
    // RFC 6749 §6: a narrower scope may be asked for this access token; the family keeps its grant
    const asked = grant.scope === undefined ? granted : grant.scope.split(' ').filter((s) => s !== '');
    const outside = asked.find((s) => !granted.includes(s));
    if (outside !== undefined) throw new EngineError('INVALID_SCOPE', `scope ${outside} was not granted`);
    const roles = await activeRoles(db, rotation.userId);
    if (roles === undefined) throw invalidGrant('the account no longer exists');
    return { ...(await this.accessToken(client, rotation.userId, roles, rotation.familyId, asked)), refreshToken: rotation.token };
  }

  /** RFC 7009: a refresh token or an access token of this client ends its whole session; anything else is a no-op. */
  async revoke({ client: credentials, token }: AuthRequests['oauthRevoke']): Promise<{ revoked: boolean }> {
    const client = await authenticateClient(this.deps.db, credentials);
    let familyId: string | undefined;
    if (JWT_SHAPE.test(token)) {
      const principal = await this.verified(token);
      if (principal?.sessionId !== undefined && principal.clientId === client.clientId) {
        familyId = principal.sessionId;
        await revokeFamily(this.deps.db, familyId, 'client-revoked');
      }
    } else {
      familyId = await inTransaction(this.deps.db, (tx) => revokeFamilyOf(tx, token, client.clientId));
    }
    if (familyId === undefined) return { revoked: false };
    this.deps.announceRevoked([familyId]);
    return { revoked: true };
  }

  /**
   * RFC 7662, for confidential clients (resource servers). Any valid access token introspects (its claims
   * are public to whoever holds it); a refresh token only for the client it belongs to.
   */
  async introspect({ client: credentials, token }: AuthRequests['oauthIntrospect']): Promise<Introspection> {
    const { db, config } = this.deps;
    const client = await authenticateClient(db, credentials);
    if (client.type !== 'confidential') throw new EngineError('INVALID_CLIENT', 'introspection is only for confidential clients');
    const iss = config.jwt.issuer;
    if (JWT_SHAPE.test(token)) {
      const principal = await this.verified(token);
      if (principal === undefined || (principal.sessionId !== undefined && (await isFamilyRevoked(db, principal.sessionId)))) return { active: false };
      const { iat, aud } = decodeJwt(token);
      return {
        active: true, token_type: 'access_token', sub: String(principal.userId), exp: principal.expiresAt, iss,
        ...(typeof iat === 'number' ? { iat } : {}), ...(typeof aud === 'string' ? { aud } : {}),
        ...(principal.scopes.length > 0 ? { scope: principal.scopes.join(' ') } : {}),
        ...(principal.clientId === undefined ? {} : { client_id: principal.clientId }),
      };
    }
    const row = await findToken(db, token);
    if (row === undefined || row.revoked || row.expired || row.status !== 'active' || row.client_id !== client.clientId) return { active: false };
    return {
      active: true, token_type: 'refresh_token', sub: row.user_id, client_id: client.clientId, iss,
      exp: Math.floor(row.expires_at.getTime() / 1000), ...(row.scopes === null ? {} : { scope: row.scopes.join(' ') }),
    };
  }

  private async verified(token: string): Promise<Principal | undefined> {
    return this.deps.verifier.verify(token).catch(() => undefined);
  }

  private async accessToken(client: OAuthClient, userId: number, roles: Role[], familyId: string, scopes: string[]): Promise<OAuthTokens> {
    const { issuer, config } = this.deps;
    return { accessToken: await issuer.forClient(userId, roles, familyId, client.clientId, scopes), expiresIn: config.auth.accessTokenTtlSec, scope: scopes.join(' ') };
  }

  private async idToken(client: OAuthClient, userId: number, scopes: string[], authTime: number, nonce: string | null): Promise<string> {
    const profile = await findProfile(this.deps.db, userId);
    return this.deps.issuer.idToken({
      userId, clientId: client.clientId, authTime, ...(nonce === null ? {} : { nonce }),
      ...(scopes.includes('email') ? { email: profile.email } : {}), ...(scopes.includes('profile') ? { name: profile.name } : {}),
    });
  }
}
