// One HTTP exchange with the PortOne-style gateway, over a keep-alive connection pool (node:http Agent:
// a few dozen sockets reused by thousands of concurrent payments, where fetch cost a connection and a
// web stream per call). Transport failures and 5xx become retryable errors; any other answer is handed
// back with its envelope for the caller to interpret.
import http from 'node:http';
import https from 'node:https';
import { RetryableError } from '../platform/resilience/resilience-errors.js';
import type { PortOneEnvelope } from './portone-wire.js';

export interface GatewayAnswer<T> {
  status: number;
  envelope: PortOneEnvelope<T>;
}

export interface GatewayRequest {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: unknown;
  /** the access token, sent as PortOne expects: `Authorization: <token>` */
  token?: string;
  signal: AbortSignal;
}

export interface GatewayConnection {
  url: URL;
  agent: http.Agent;
}

export function gatewayConnection(baseUrl: string, maxSockets: number): GatewayConnection {
  const url = new URL(baseUrl);
  const Agent = url.protocol === 'https:' ? https.Agent : http.Agent;
  return { url, agent: new Agent({ keepAlive: true, maxSockets }) };
}

function exchange(connection: GatewayConnection, request: GatewayRequest): Promise<{ status: number; text: string }> {
  const body = request.body === undefined ? undefined : JSON.stringify(request.body);
  const headers: Record<string, string | number> = { accept: 'application/json' };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(body);
  }
  if (request.token !== undefined) headers.authorization = request.token;
  const { url, agent } = connection;
  const send = url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = send(
      { protocol: url.protocol, hostname: url.hostname, port: url.port, path: url.pathname.replace(/\/$/, '') + request.path, method: request.method, headers, agent, signal: request.signal },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function gatewayRequest<T>(connection: GatewayConnection, request: GatewayRequest): Promise<GatewayAnswer<T>> {
  let answer: { status: number; text: string };
  try {
    answer = await exchange(connection, request);
  } catch (err) {
    throw new RetryableError(`payment gateway unreachable or answer cut off (${request.method} ${request.path})`, { cause: err });
  }
  if (answer.status >= 500) throw new RetryableError(`payment gateway answered ${answer.status} (${request.path})`);
  try {
    return { status: answer.status, envelope: JSON.parse(answer.text) as PortOneEnvelope<T> };
  } catch (err) {
    // a garbled answer (a proxy's HTML page, say) says the remote is unwell, not that our request was wrong
    throw new RetryableError(`payment gateway answered ${answer.status} with a body that is not JSON (${request.path})`, { cause: err });
  }
}
