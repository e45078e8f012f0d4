// Discovery and machine routes: JWKS, OpenID configuration, policies (and their acceptance), and the admin routes of the
// auth module (service clients, key rotation). The OAuth endpoints are in oauth-routes.ts.
import type { AuthClient } from '../../engine/auth/auth-client.js';
import { oidcScopes, policyKinds, type PolicyKind } from '../../engine/auth/auth-wire.js';
import { serviceScopes } from '../../engine/auth/permissions.js';
import { acceptPolicy, currentPolicy } from '../../engine/auth/policy-store.js';
import { EngineError } from '../../engine/platform/errors.js';
import { authorizedBearer } from '../http/auth-permission.js';
import { validateNewClient, validatePolicyAcceptance } from './auth-schemas.js';
import { authenticate } from '../http/authenticate.js';
import type { EdgeContext } from '../edge-context.js';
import { bodyText, route } from '../http/http-errors.js';
import { parseBody } from '../http/schemas.js';

export function registerAuthPublicRoutes(ctx: EdgeContext, auth: AuthClient): void {
  const { config, server, db, verifier } = ctx;
  const limit = config.http.restMaxBodyBytes;

  // Served from the verifier's memory: the key set stays published while the auth module is down.
  server.get('/.well-known/jwks.json', route('jwks', async (_req, res) => {
    res.header('cache-control', 'public, max-age=60', true).header('access-control-allow-origin', '*', true).json(verifier.jwks());
  }));

  // Built once from PUBLIC_URL, never from the request's Host header (a forged Host would poison caches).
  const discovery = JSON.stringify(discoveryDocument(config.publicUrl));
  server.get('/.well-known/openid-configuration', route('openid_configuration', async (_req, res) => {
    res.header('cache-control', 'public, max-age=300', true).header('access-control-allow-origin', '*', true).type('json').send(discovery);
  }));

  server.get('/api/v1/policies/:kind', route('policy', async (req, res) => {
    const kind = req.path_parameters.kind ?? '';
    if (!(policyKinds as readonly string[]).includes(kind)) throw new EngineError('NOT_FOUND', 'no such policy');
    res.header('cache-control', 'public, max-age=60', true).json(await currentPolicy(db, kind as PolicyKind));
  }));

  // a new version an admin published (POST /api/v1/admin/policies) is listed at login until accepted here
  server.post('/api/v1/auth/policies/accept', route('accept_policy', async (req, res) => {
    const { userId } = await authenticate(verifier, req.headers.authorization ?? '');
    const acceptance = parseBody(await bodyText(req, limit), validatePolicyAcceptance);
    res.json({ policiesToAccept: await acceptPolicy(db, userId, acceptance) });
  }));

  server.post('/api/v1/admin/service-clients', route('auth_create_client', async (req, res) => {
    const callerToken = await authorizedBearer(verifier, req.headers.authorization ?? '', 'client:write');
    const input = parseBody(await bodyText(req, limit), validateNewClient);
    res.status(201).header('cache-control', 'no-store', true).json(await auth.call('createClient', { ...input, callerToken }));
  }));

  server.post('/api/v1/admin/auth/keys/rotate', route('auth_rotate_key', async (req, res) => {
    const callerToken = await authorizedBearer(verifier, req.headers.authorization ?? '', 'key:rotate');
    res.json(await auth.call('rotateKey', { callerToken }));
  }));
}

function discoveryDocument(issuer: string): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth/authorize`,
    token_endpoint: `${issuer}/oauth/token`,
    userinfo_endpoint: `${issuer}/api/v1/auth/userinfo`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    revocation_endpoint: `${issuer}/oauth/revoke`,
    introspection_endpoint: `${issuer}/oauth/introspect`,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['ES256'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
    revocation_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
    introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    scopes_supported: [...oidcScopes, ...serviceScopes],
    claims_supported: ['iss', 'sub', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'email', 'name'],
    prompt_values_supported: ['none', 'login', 'consent', 'select_account'],
    authorization_response_iss_parameter_supported: true,
  };
}
