// NATS subjects of the auth module, under the engine namespace. Requests are core NATS request-reply,
// served by the queue group `authQueueGroup` so several auth processes share the load.

export const authQueueGroup = 'auth';

/** Operations the auth module answers; each is one subject `<ns>.auth.<op>`. */
export const authOperations = [
  'register',
  'login',
  'refresh',
  'logout',
  'profile',
  'updateProfile',
  'deleteAccount',
  'changePassword',
  'requestPasswordReset',
  'confirmPasswordReset',
  'userinfo',
  'clientCredentials',
  'createClient',
  'rotateKey',
  'oauthAuthorize',
  'oauthLogin',
  'oauthToken',
  'oauthRevoke',
  'oauthIntrospect',
  'createOAuthClient',
  'listOAuthClients',
  'deleteOAuthClient',
] as const;

export type AuthOperation = (typeof authOperations)[number];

export function authRequestSubject(namespace: string, op: AuthOperation): string {
  return `${namespace}.auth.${op}`;
}

/** Broadcast after a signing-key rotation: edges reload the JWKS, other auth processes the signing key. */
export function jwksChangedSubject(namespace: string): string {
  return `${namespace}.authevents.jwks`;
}

/** Broadcast when sessions (refresh-token families) are revoked: edges refuse their access tokens too. */
export function sessionsRevokedSubject(namespace: string): string {
  return `${namespace}.authevents.revoked`;
}

/** Broadcast when an account is deleted (`{"userId": n}`): edges refuse every token of the user and close its WebSockets. */
export function accountDeletedSubject(namespace: string): string {
  return `${namespace}.authevents.deleted`;
}
