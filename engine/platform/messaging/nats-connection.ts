// The one way every role, script, bench and test connects to NATS, so credentials and TLS apply to
// all of them alike. NATS_URL carries them the way other server URLs do:
//   nats://user:password@host:4222   user and password (the bootstrap's private server: one user per role)
//   nats://token@host:4222           a token
//   tls://host:4222                  TLS required (NATS_CA_FILE names a private CA)
// and NATS_CREDS_FILE names a creds file (user JWT + nkey seed, from `nsc`) for an operator-run server.
// nats.js itself drops credentials from a server URL (and reads a numeric password as the port), so
// they are taken out here.
import { readFileSync } from 'node:fs';
import { connect, credsAuthenticator, type NatsConnection, type NodeConnectionOptions } from '@nats-io/transport-node';

export interface NatsEndpoint {
  /** one server URL, or several separated by commas (a cluster's seeds) */
  url: string;
  /** creds file (user JWT + nkey seed); '' for none */
  credsFile: string;
  /** CA bundle the server's TLS certificate is checked against; '' for the system's */
  caFile: string;
}

/** What the endpoint decides: servers, credentials, TLS. Everything else stays the caller's. */
type EndpointOptions = 'servers' | 'user' | 'pass' | 'token' | 'authenticator' | 'tls';

/** The connection options of an endpoint: bare `host:port` servers, its credentials, TLS when asked for. */
export function natsConnectionOptions(endpoint: NatsEndpoint): NodeConnectionOptions {
  const urls = endpoint.url.split(',').map((s) => s.trim()).filter((s) => s !== '').map(serverUrl);
  if (urls.length === 0) throw new Error('NATS_URL names no server');
  const options: NodeConnectionOptions = { servers: urls.map((u) => u.host) };
  const withCredentials = urls.find((u) => u.username !== '');
  if (withCredentials !== undefined) {
    const name = decodeURIComponent(withCredentials.username);
    if (withCredentials.password === '') options.token = name;
    else Object.assign(options, { user: name, pass: decodeURIComponent(withCredentials.password) });
  }
  if (endpoint.credsFile !== '') options.authenticator = credsAuthenticator(readFileSync(endpoint.credsFile));
  if (endpoint.caFile !== '') options.tls = { caFile: endpoint.caFile };
  else if (urls.some((u) => u.protocol === 'tls:')) options.tls = {};
  return options;
}

export function connectNats(endpoint: NatsEndpoint, options: Omit<NodeConnectionOptions, EndpointOptions> = {}): Promise<NatsConnection> {
  return connect({ ...options, ...natsConnectionOptions(endpoint) });
}

/** A URL object of one server; the error names the position only, never the value (it may hold a password). */
function serverUrl(raw: string, index: number): URL {
  try {
    const url = new URL(raw.includes('://') ? raw : `nats://${raw}`);
    if (url.protocol === 'nats:' || url.protocol === 'tls:') return url;
  } catch {
    // the message below
  }
  throw new Error(`NATS_URL server ${index + 1} is not a nats:// or tls:// URL`);
}
