// The auth module's NATS side: one queue-group subscription per operation (so auth processes share
// the load), JSON in and out, typed errors as `{ ok: false, code, message }`.
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import type pg from 'pg';
import { EngineError } from '../platform/errors.js';
import { log } from '../platform/log.js';
import type { AccessTokenVerifier } from './access-token-verifier.js';
import type { AccountService } from './account-service.js';
import type { PasswordReset } from './password-reset.js';
import { isAdminOperation, requireAdmin } from './admin-operations.js';
import { authOperations, authQueueGroup, authRequestSubject, jwksChangedSubject, type AuthOperation } from './auth-subjects.js';
import type { AuthReplies, AuthReply, AuthRequests } from './auth-wire.js';
import { clientCredentialsToken, createClient } from './service-clients.js';
import type { TokenIssuer } from './token-issuer.js';
import type { OAuthAuthorization } from './oauth-authorization.js';
import { createOAuthClient, deleteOAuthClient, listOAuthClients } from './oauth-clients.js';
import type { OAuthTokenService } from './oauth-tokens.js';

type Handlers = { [Op in AuthOperation]: (request: AuthRequests[Op]) => Promise<AuthReplies[Op]> };

export interface AuthServiceDeps {
  nc: NatsConnection;
  namespace: string;
  db: pg.Pool;
  accounts: AccountService;
  passwordReset: PasswordReset;
  issuer: TokenIssuer;
  authorization: OAuthAuthorization;
  oauthTokens: OAuthTokenService;
  /** verifies the caller's token of administration requests */
  verifier: AccessTokenVerifier;
  announceRevoked(sessionIds: string[]): void;
}

export function startAuthService(deps: AuthServiceDeps): { stop(): Promise<void> } {
  const { nc, namespace, db, accounts, passwordReset, issuer, authorization, oauthTokens } = deps;
  const handlers: Handlers = {
    register: (r) => accounts.register(r),
    login: (r) => accounts.login(r),
    refresh: (r) => accounts.refresh(r),
    logout: (r) => accounts.logout(r),
    profile: (r) => accounts.profile(r),
    updateProfile: (r) => accounts.updateProfile(r),
    deleteAccount: (r) => accounts.deleteAccount(r),
    changePassword: (r) => accounts.changePassword(r),
    requestPasswordReset: (r) => passwordReset.request(r),
    confirmPasswordReset: (r) => passwordReset.confirm(r),
    userinfo: (r) => accounts.userinfo(r),
    clientCredentials: (r) => clientCredentialsToken(db, issuer, r),
    createClient: (r) => createClient(db, r),
    rotateKey: async () => {
      const kid = await issuer.rotate();
      nc.publish(jwksChangedSubject(namespace), kid);
      log('info', 'signing key rotated', { kid });
      return { kid };
    },
    oauthAuthorize: (r) => authorization.authorize(r),
    oauthLogin: (r) => authorization.login(r),
    oauthToken: (r) => oauthTokens.token(r),
    oauthRevoke: (r) => oauthTokens.revoke(r),
    oauthIntrospect: (r) => oauthTokens.introspect(r),
    createOAuthClient: (r) => createOAuthClient(db, r),
    listOAuthClients: ({ cursor, limit }) => listOAuthClients(db, { cursor, limit }),
    deleteOAuthClient: async ({ clientId }) => {
      deps.announceRevoked(await deleteOAuthClient(db, clientId));
      return { deleted: true };
    },
  };

  const subscriptions: Subscription[] = authOperations.map((op) =>
    nc.subscribe(authRequestSubject(namespace, op), {
      queue: authQueueGroup,
      callback: (err, msg) => {
        if (!err) void answer(op, msg, handlers, deps);
      },
    }),
  );
  // another auth process rotated: sign with the new key from now on
  subscriptions.push(
    nc.subscribe(jwksChangedSubject(namespace), {
      callback: () => void issuer.reload().catch((err: unknown) => log('error', 'could not reload the signing key', { err })),
    }),
  );
  return {
    async stop() {
      for (const sub of subscriptions) sub.unsubscribe();
    },
  };
}

async function answer<Op extends AuthOperation>(op: Op, msg: Msg, handlers: Handlers, deps: AuthServiceDeps): Promise<void> {
  let reply: AuthReply<Op>;
  try {
    const handler = handlers[op] as (request: AuthRequests[Op]) => Promise<AuthReplies[Op]>;
    const request = msg.json<AuthRequests[Op]>();
    if (isAdminOperation(op)) {
      const caller = await requireAdmin(deps, op, request);
      log('info', 'administration request', { op, userId: caller.userId });
    }
    reply = { ok: true, value: await handler(request) };
  } catch (err) {
    if (err instanceof EngineError) reply = { ok: false, code: err.code, message: err.message, retryAfterSec: err.retryAfterSec };
    else {
      log('error', 'auth operation failed', { op, err });
      reply = { ok: false, code: 'INTERNAL', message: 'internal error' };
    }
  }
  msg.respond(JSON.stringify(reply));
}
