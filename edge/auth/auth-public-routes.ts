// Discovery and machine routes: JWKS, OpenID configuration, OAuth client credentials, policies,
// and the admin routes of the auth module (service clients, key rotation).
import type HyperExpress from 'hyper-express';
import type { AuthClient } from '../../engine/auth/auth-client.js';
import { policyKinds, type PolicyKind } from '../../engine/auth/auth-wire.js';
import { serviceScopes } from '../../engine/auth/permissions.js';
import { currentPolicy } from '../../engine/auth/policy-store.js';
import { EngineError } from '../../engine/platform/errors.js';
import { authorize } from '../http/auth-permission.js';
import { validateNewClient, validateTokenRequest, type TokenRequestBody } from './auth-schemas.js';
import type { EdgeContext } from '../edge-context.js';
import { bodyText, route } from '../http/http-errors.js';
import { parseBody } from '../http/schemas.js';

export function registerAuthPublicRoutes({ config, server, db, verifier }: EdgeContext, auth: AuthClient): void {
  const limit = config.http.restMaxBodyBytes;

  // Served from the verifier's memory: the key set stays published while the auth module is down.
  server.get('/.well-known/jwks.json', route('jwks', async (_req, res) => {
    res.header('cache-control', 'public, max-age=60').json(verifier.jwks());
  }));

  server.get('/.well-known/openid-configuration', route('openid_configuration', async (req, res) => {
    const base = `${req.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http'}://${req.headers.host ?? `${config.http.host}:${config.http.port}`}`;
    res.header('cache-control', 'public, max-age=300').json({
      issuer: config.jwt.issuer,
      jwks_uri: `${base}/.well-known/jwks.json`,
      token_endpoint: `${base}/oauth/token`,
      userinfo_endpoint: `${base}/api/v1/auth/userinfo`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      id_token_signing_alg_values_supported: ['ES256'],
      scopes_supported: serviceScopes,
      claims_supported: ['sub', 'email', 'name', 'roles'],
    });
  }));

  server.post('/oauth/token', route('oauth_token', async (req, res) => {
    const request = await tokenRequest(req, limit);
    if (request.grant_type !== 'client_credentials') throw new EngineError('UNSUPPORTED_GRANT_TYPE', 'only grant_type=client_credentials is supported');
    const client = basicCredentials(req.headers.authorization) ?? { clientId: request.client_id, clientSecret: request.client_secret };
    if (!client.clientId || !client.clientSecret) throw new EngineError('INVALID_CLIENT', 'client authentication failed');
    const token = await auth.call('clientCredentials', { clientId: client.clientId, clientSecret: client.clientSecret, scope: request.scope ?? undefined });
    res.header('cache-control', 'no-store').json({ access_token: token.accessToken, token_type: 'Bearer', expires_in: token.expiresIn, scope: token.scope });
  }));

  server.get('/api/v1/policies/:kind', route('policy', async (req, res) => {
    const kind = req.path_parameters.kind ?? '';
    if (!(policyKinds as readonly string[]).includes(kind)) throw new EngineError('NOT_FOUND', 'no such policy');
    res.header('cache-control', 'public, max-age=60').json(await currentPolicy(db, kind as PolicyKind));
  }));

  server.post('/api/v1/admin/service-clients', route('auth_create_client', async (req, res) => {
    await authorize(verifier, req.headers.authorization ?? '', 'client:write');
    const input = parseBody(await bodyText(req, limit), validateNewClient);
    res.status(201).header('cache-control', 'no-store').json(await auth.call('createClient', input));
  }));

  server.post('/api/v1/admin/auth/keys/rotate', route('auth_rotate_key', async (req, res) => {
    await authorize(verifier, req.headers.authorization ?? '', 'key:rotate');
    res.json(await auth.call('rotateKey', {}));
  }));
}

/** RFC 6749 allows form encoding (the standard) and we also take JSON. */
async function tokenRequest(req: HyperExpress.Request, limit: number): Promise<TokenRequestBody> {
  const text = await bodyText(req, limit);
  if (!String(req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) return parseBody(text, validateTokenRequest);
  return parseBody(JSON.stringify(Object.fromEntries(new URLSearchParams(text))), validateTokenRequest);
}

function basicCredentials(authorization: string | undefined): { clientId: string; clientSecret: string } | undefined {
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
