// Verifies access JWTs locally against a cached JWKS, so edges and workers keep working while auth is down.
// Hot path: verifyCached() is a synchronous Map lookup; only first sight of a token pays for ES256.
import { readFile } from 'node:fs/promises';
import { errors as joseErrors, importJWK, jwtVerify, type JWTHeaderParameters, type JWTPayload, type JWTVerifyOptions, type KeyLike } from 'jose';
import type { EngineConfig } from '../platform/config.js';
import { EngineError } from '../platform/errors.js';
import type { Principal } from './principal.js';
import { RevocationList } from './revocation-list.js';
import { isRole } from './roles.js';

const MAX_CACHED_TOKENS = 100_000;
/** Longer than any real token; refusing early keeps garbage off the crypto path. */
const MAX_TOKEN_LENGTH = 8_192;
/** Unknown kids come from rotation (rare) or from attackers (any rate): refresh at most this often for them. */
const UNKNOWN_KID_REFRESH_MIN_MS = 30_000;
const JWKS_FETCH_TIMEOUT_MS = 5_000;
const USER_ID = /^[1-9][0-9]{0,15}$/;
/** Node's base64url decoder skips stray characters, so `token + ' '` would otherwise verify as a second cache key. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const SCOPE = /^[a-z_:]{1,64}$/;
const CLIENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const SESSION_ID = /^[0-9a-f-]{36}$/;
const NO_SCOPES: readonly string[] = Object.freeze([]);

/** The token of an `Authorization: Bearer <token>` header, or undefined for anything else. */
export function bearerToken(authorizationHeader: string | undefined): string | undefined {
  if (typeof authorizationHeader !== 'string') return undefined;
  const value = authorizationHeader.trim();
  if (value.length <= 7 || value.slice(0, 7).toLowerCase() !== 'bearer ') return undefined;
  const token = value.slice(7).trim();
  return token === '' || /\s/.test(token) ? undefined : token;
}

/** The public keys a verifier trusts, as a JWKS document (what edges publish at /.well-known/jwks.json). */
export interface PublicJwks {
  keys: { kty: 'EC'; crv: 'P-256'; kid: string; x: string; y: string; alg: 'ES256'; use: 'sig' }[];
}

interface KeySet {
  keys: ReadonlyMap<string, KeyLike>;
  jwks: PublicJwks;
}

/** What a revocation ended: one login session, or (account deletion) everything of a user. */
export type Revoked = { sessionId: string } | { userId: number };

export class AccessTokenVerifier {
  private keys: ReadonlyMap<string, KeyLike>;
  private publicJwks: PublicJwks;
  private readonly cache = new Map<string, Principal>();
  /** best effort, see revokeSession */
  private readonly revokedSessions = new RevocationList<string>();
  private readonly revokedUsers = new RevocationList<number>();
  private readonly revocationListeners = new Set<(revoked: Revoked) => void>();
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly options: JWTVerifyOptions;
  private refreshing: Promise<boolean> | undefined;
  private lastUnknownKidRefreshMs = Number.NEGATIVE_INFINITY;
  /** Bound once so verify() does not allocate a closure per token. */
  private readonly resolveKey = (header: JWTHeaderParameters): Promise<KeyLike> => this.keyFor(header);

  private constructor(private readonly config: EngineConfig, { keys, jwks }: KeySet) {
    this.keys = keys;
    this.publicJwks = jwks;
    const { issuer, audience, clockToleranceSec } = config.jwt;
    this.options = { algorithms: ['ES256'], issuer, audience, clockTolerance: clockToleranceSec, requiredClaims: ['exp', 'sub'] };
    if (config.jwt.jwksRefreshMs > 0) {
      this.timer = setInterval(() => void this.refresh(), config.jwt.jwksRefreshMs);
      this.timer.unref();
    }
  }

  /** Fails when the first key set cannot be loaded: an edge with no keys would answer 401 to everyone. */
  static async create(config: EngineConfig): Promise<AccessTokenVerifier> {
    try {
      return new AccessTokenVerifier(config, await loadKeySet(config.jwt));
    } catch (err) {
      throw new Error(`cannot load JWKS from ${jwksSource(config.jwt)}: ${messageOf(err)}`, { cause: err });
    }
  }

  /** A previously verified, unexpired token's principal; undefined means "call verify()". */
  verifyCached(token: string): Principal | undefined {
    const principal = this.cache.get(token);
    if (principal === undefined) return undefined;
    if (principal.expiresAt * 1000 > Date.now() && !this.isRevoked(principal)) return principal;
    this.cache.delete(token);
    return undefined;
  }

  /**
   * Refuses the session's access tokens from now on, although they are still signed and unexpired
   * (the auth module broadcasts revoked sessions). Best effort: a verifier started later does not
   * know, so a revoked session's access tokens may live on elsewhere until they expire.
   */
  revokeSession(sessionId: string, untilSec: number): void {
    this.revokedSessions.add(sessionId, untilSec);
    this.announce({ sessionId });
  }

  /** Refuses every token of the user from now on, of any session or none (the account was deleted); best effort too. */
  revokeUser(userId: number, untilSec: number): void {
    this.revokedUsers.add(userId, untilSec);
    this.announce({ userId });
  }

  /**
   * Tells `listener` of every revocation from now on: what holds a principal past one request (a
   * WebSocket) ends with it. Returns the unsubscribe.
   */
  onRevoked(listener: (revoked: Revoked) => void): () => void {
    this.revocationListeners.add(listener);
    return () => this.revocationListeners.delete(listener);
  }

  async verify(token: string): Promise<Principal> {
    const cached = this.verifyCached(token);
    if (cached !== undefined) return cached;
    if (typeof token !== 'string' || token.length === 0) throw unauthenticated('missing token');
    if (token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) throw unauthenticated('malformed token');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.resolveKey, this.options));
    } catch (err) {
      throw toUnauthenticated(err);
    }
    const principal = principalOf(payload, this.config.jwt.clockToleranceSec);
    if (this.isRevoked(principal)) throw unauthenticated('session revoked');
    this.remember(token, principal);
    return principal;
  }

  /** Two size checks on the hot path while nothing is revoked. */
  private isRevoked(principal: Principal): boolean {
    return (this.revokedSessions.size > 0 && principal.sessionId !== undefined && this.revokedSessions.has(principal.sessionId))
      || (this.revokedUsers.size > 0 && this.revokedUsers.has(principal.userId));
  }

  private announce(revoked: Revoked): void {
    for (const listener of this.revocationListeners) listener(revoked);
  }

  /** Reloads the key set now; on failure keeps the last good one. Resolves to whether the reload worked. */
  refresh(): Promise<boolean> {
    return (this.refreshing ??= this.reload().finally(() => (this.refreshing = undefined)));
  }

  /** The key set in use: keeps being served from memory while the key source is down. */
  jwks(): PublicJwks {
    return this.publicJwks;
  }

  close(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.cache.clear();
  }

  private remember(token: string, principal: Principal): void {
    // Tokens inside the clock-tolerance window pass verify() but are never served from the cache.
    if (principal.expiresAt * 1000 <= Date.now()) return;
    if (this.cache.size >= MAX_CACHED_TOKENS) {
      const oldest = this.cache.keys().next();
      if (oldest.done !== true) this.cache.delete(oldest.value);
    }
    this.cache.set(token, principal);
  }

  private async keyFor(header: JWTHeaderParameters): Promise<KeyLike> {
    if (header.alg !== 'ES256') throw unauthenticated('token algorithm not allowed');
    const { kid } = header;
    if (typeof kid !== 'string') throw unauthenticated('token has no key id');
    let key = this.keys.get(kid);
    if (key === undefined && Date.now() - this.lastUnknownKidRefreshMs >= UNKNOWN_KID_REFRESH_MIN_MS) {
      this.lastUnknownKidRefreshMs = Date.now();
      await this.refresh();
      key = this.keys.get(kid);
    }
    if (key === undefined) throw unauthenticated('token signed with an unknown key');
    return key;
  }

  private async reload(): Promise<boolean> {
    try {
      const { keys, jwks } = await loadKeySet(this.config.jwt);
      // A withdrawn key must not keep its tokens alive through the cache.
      if ([...this.keys.keys()].some((kid) => !keys.has(kid))) this.cache.clear();
      this.keys = keys;
      this.publicJwks = jwks;
      return true;
    } catch (err) {
      const reason = messageOf(err).replace(/\s+/g, ' ');
      process.stderr.write(`auth: JWKS refresh from ${jwksSource(this.config.jwt)} failed, keeping ${this.keys.size} key(s): ${reason}\n`);
      return false;
    }
  }
}

function jwksSource(jwt: EngineConfig['jwt']): string {
  return jwt.jwksUrl !== '' ? jwt.jwksUrl : jwt.jwksFile;
}

async function loadKeySet(jwt: EngineConfig['jwt']): Promise<KeySet> {
  const body: unknown = jwt.jwksUrl !== '' ? await fetchJson(jwt.jwksUrl) : JSON.parse(await readFile(jwt.jwksFile, 'utf8'));
  const list = (body as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list)) throw new Error('JWKS has no "keys" array');
  const keys = new Map<string, KeyLike>();
  const jwks: PublicJwks = { keys: [] };
  for (const jwk of list as unknown[]) {
    if (!isEs256PublicJwk(jwk)) continue; // keys of other types or uses are not ours to verify with
    // Only the public coordinates are imported, even if a private `d` leaked into the set.
    const publicJwk = { kty: 'EC', crv: 'P-256', kid: jwk.kid, x: jwk.x, y: jwk.y, alg: 'ES256', use: 'sig' } as const;
    keys.set(jwk.kid, (await importJWK(publicJwk, 'ES256')) as KeyLike);
    jwks.keys.push(publicJwk);
  }
  if (keys.size === 0) throw new Error('JWKS holds no ES256 signing key with a kid');
  return { keys, jwks };
}

async function fetchJson(url: string): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(JWKS_FETCH_TIMEOUT_MS), headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.json();
}

function isEs256PublicJwk(jwk: unknown): jwk is { kid: string; x: string; y: string } {
  if (typeof jwk !== 'object' || jwk === null) return false;
  const k = jwk as Record<string, unknown>;
  return k.kty === 'EC' && k.crv === 'P-256' && typeof k.x === 'string' && typeof k.y === 'string'
    && typeof k.kid === 'string' && k.kid !== '' && (k.alg === undefined || k.alg === 'ES256')
    && (k.use === undefined || k.use === 'sig');
}

function principalOf(payload: JWTPayload, toleranceSec: number): Principal {
  const { sub, exp, iat, roles, scope, sid, client_id: clientId } = payload as JWTPayload & { roles?: unknown; scope?: unknown; sid?: unknown; client_id?: unknown };
  if (typeof sub !== 'string' || !USER_ID.test(sub) || !Number.isSafeInteger(Number(sub))) throw unauthenticated('token subject is not a user id');
  if (typeof exp !== 'number') throw unauthenticated('token has no expiry');
  // jose only checks iat against the clock when maxTokenAge is set.
  if (typeof iat === 'number' && iat > Date.now() / 1000 + toleranceSec) throw unauthenticated('token issued in the future');
  if (!Array.isArray(roles) || !roles.every(isRole)) throw unauthenticated('token roles invalid');
  const scopes = scope === undefined ? NO_SCOPES : typeof scope === 'string' ? Object.freeze(scope.split(' ')) : undefined;
  if (scopes === undefined || !scopes.every((s) => SCOPE.test(s))) throw unauthenticated('token scope invalid');
  if (sid !== undefined && (typeof sid !== 'string' || !SESSION_ID.test(sid))) throw unauthenticated('token session invalid');
  if (clientId !== undefined && (typeof clientId !== 'string' || !CLIENT_ID.test(clientId))) throw unauthenticated('token client invalid');
  return Object.freeze({
    userId: Number(sub), roles: Object.freeze([...roles]), expiresAt: exp, scopes,
    ...(sid === undefined ? {} : { sessionId: sid }), ...(clientId === undefined ? {} : { clientId }),
  });
}

function unauthenticated(message: string): EngineError {
  return new EngineError('UNAUTHENTICATED', message);
}

/** Short reasons only: jose messages and errors carry claims, and nothing here may echo the token. */
function toUnauthenticated(err: unknown): EngineError {
  if (err instanceof EngineError) return err;
  if (err instanceof joseErrors.JWTExpired) return unauthenticated('token expired');
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    return unauthenticated(err.claim === 'nbf' ? 'token not yet valid' : `token "${err.claim}" claim invalid`);
  }
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return unauthenticated('token algorithm not allowed');
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return unauthenticated('token signature invalid');
  return unauthenticated('invalid token');
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));
