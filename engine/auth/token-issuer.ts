// The auth module's signing side: holds the current signing key, signs user and service tokens,
// rotates the key (publishing the new JWKS first) and reloads it when another auth process rotated.
import type { EngineConfig } from '../platform/config.js';
import { signAccessToken } from './access-token-signer.js';
import { signIdToken, type IdTokenClaims } from './id-token-signer.js';
import type { Role } from './roles.js';
import { ensureSigningKeys, loadSigningKey, rotateSigningKey, type SigningKey } from './signing-keys.js';

export class TokenIssuer {
  private constructor(
    private readonly config: EngineConfig,
    private key: SigningKey,
  ) {}

  static async create(config: EngineConfig): Promise<TokenIssuer> {
    return new TokenIssuer(config, await ensureSigningKeys(config.dataDir));
  }

  get serviceTtlSec(): number {
    return this.config.auth.serviceTokenTtlSec;
  }

  forUser(userId: number, roles: readonly Role[], sessionId: string): Promise<string> {
    return signAccessToken(this.config.jwt, this.key, { userId, roles, ttlSec: this.config.auth.accessTokenTtlSec, sessionId });
  }

  /** A user token granted to an OAuth client: its scopes and client id ride along. */
  forClient(userId: number, roles: readonly Role[], sessionId: string, clientId: string, scopes: readonly string[]): Promise<string> {
    return signAccessToken(this.config.jwt, this.key, { userId, roles, ttlSec: this.config.auth.accessTokenTtlSec, sessionId, clientId, scopes });
  }

  idToken(claims: Omit<IdTokenClaims, 'issuer' | 'ttlSec'>): Promise<string> {
    return signIdToken(this.key, { ...claims, issuer: this.config.jwt.issuer, ttlSec: this.config.auth.accessTokenTtlSec });
  }

  forService(userId: number, scopes: readonly string[]): Promise<string> {
    return signAccessToken(this.config.jwt, this.key, { userId, roles: ['service'], ttlSec: this.config.auth.serviceTokenTtlSec, scopes });
  }

  /** Old public keys stay published as long as a token they signed can still pass verification. */
  async rotate(): Promise<string> {
    const { accessTokenTtlSec, serviceTokenTtlSec } = this.config.auth;
    const retainSec = Math.max(accessTokenTtlSec, serviceTokenTtlSec) + this.config.jwt.clockToleranceSec;
    this.key = await rotateSigningKey(this.config.dataDir, retainSec);
    return this.key.kid;
  }

  async reload(): Promise<void> {
    this.key = await loadSigningKey(this.config.dataDir);
  }
}
