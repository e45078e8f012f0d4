// Auth module process: `node dist/engine/auth/main.js`. Owns signing keys, accounts and refresh
// tokens and answers the edges over NATS. Edges verify tokens without it, so when it is down only
// login, refresh and account operations fail (503 AUTH_UNAVAILABLE).
import { connectNats } from '../platform/messaging/nats-connection.js';
import { connectRedis } from '../platform/redis/redis-client.js';
import { configOrExit, loadConfig } from '../platform/config.js';
import { prepareDatabase } from '../platform/db/prepare-database.js';
import { refuseUnsafeProduction } from '../platform/production-checks.js';
import { stopOnSignal } from '../platform/process/stop-on-signal.js';
import { log, setLogRole } from '../platform/log.js';
import { AccountService } from './account-service.js';
import { PasswordReset } from './password-reset.js';
import { startAuthService } from './auth-service.js';
import { accountDeletedSubject, jwksChangedSubject, sessionsRevokedSubject } from './auth-subjects.js';
import { LoginThrottle } from './login-throttle.js';
import { createPasswordHasher } from './password-hashing.js';
import { TokenIssuer } from './token-issuer.js';
import { AccessTokenVerifier } from './access-token-verifier.js';
import { OAuthAuthorization } from './oauth-authorization.js';
import { OAuthTokenService } from './oauth-tokens.js';
import { SignInState } from './sign-in-state.js';
import { createPool } from '../platform/db/pool.js';
import { startMetricsServer } from '../platform/metrics-server.js';
import { authMetricsPort } from './auth-config.js';

setLogRole('auth');
const config = configOrExit(loadConfig);
await refuseUnsafeProduction(config);
await prepareDatabase(config);

const db = createPool(config.databaseUrl, 8, config.postgres, 'requests');
const redis = await connectRedis(config, { enableAutoPipelining: true });
const nc = await connectNats(config.authNats, { maxReconnectAttempts: -1 });
const hasher = createPasswordHasher(config.auth);
const issuer = await TokenIssuer.create(config);
const throttle = new LoginThrottle(redis, config.namespace, config.auth, config.luaDir);
// edges refuse the tokens of what died and close the WebSockets authenticated with them
const announceRevoked = (sessionIds: string[], deletedUserId?: number) => {
  if (sessionIds.length > 0) nc.publish(sessionsRevokedSubject(config.namespace), JSON.stringify(sessionIds));
  if (deletedUserId !== undefined) nc.publish(accountDeletedSubject(config.namespace), JSON.stringify({ userId: deletedUserId }));
};
const accounts = await AccountService.create({ config, db, hasher, throttle, issuer, announceRevoked });
// access tokens presented for revocation or introspection, and administrators' tokens: read from the key files this process owns
// (a JWKS_URL may name an edge that is not up yet), reloaded after every rotation
const verifier = await AccessTokenVerifier.create({ ...config, jwt: { ...config.jwt, jwksUrl: '' } });
nc.subscribe(jwksChangedSubject(config.namespace), { callback: () => void verifier.refresh() });
const authorization = new OAuthAuthorization({ config, db, accounts, signIn: new SignInState(redis, config.namespace, config.auth.ssoTtlSec) });
const oauthTokens = new OAuthTokenService({ config, db, accounts, issuer, verifier, announceRevoked });
const passwordReset = new PasswordReset({ config, db, hasher, throttle, announceRevoked });
const service = startAuthService({ nc, namespace: config.namespace, db, accounts, passwordReset, issuer, authorization, oauthTokens, verifier, announceRevoked });
const metrics = await startMetricsServer(config.http.host, authMetricsPort(config.metricsPortBase));

log('info', 'started');

stopOnSignal(async () => {
  await service.stop();
  await metrics.stop();
  await nc.drain().catch(() => undefined);
  await hasher.close();
  verifier.close();
  await db.end();
  redis.disconnect();
});
