// One HTTP exchange with the PortOne-style gateway (global fetch). Transport failures and 5xx become
// retryable errors; any other answer is handed back with its envelope for the caller to interpret.
import { RetryableError } from '../platform/resilience/resilience-errors.js';
import type { PortOneEnvelope } from './portone-wire.js';

export interface GatewayAnswer<T> {
  status: number;
  envelope: PortOneEnvelope<T>;
}

export interface GatewayRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** the access token, sent as PortOne expects: `Authorization: <token>` */
  token?: string;
  signal: AbortSignal;
}

export async function gatewayRequest<T>(baseUrl: string, request: GatewayRequest): Promise<GatewayAnswer<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  if (request.token !== undefined) headers.authorization = request.token;
  let response: Response;
  try {
    response = await fetch(baseUrl + request.path, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: request.signal,
    });
  } catch (err) {
    throw new RetryableError(`payment gateway unreachable (${request.method} ${request.path})`, { cause: err });
  }
  const text = await response.text().catch((err: unknown) => {
    throw new RetryableError(`payment gateway answer cut off (${request.path})`, { cause: err });
  });
  if (response.status >= 500) throw new RetryableError(`payment gateway answered ${response.status} (${request.path})`);
  try {
    return { status: response.status, envelope: JSON.parse(text) as PortOneEnvelope<T> };
  } catch (err) {
    // a garbled answer (a proxy's HTML page, say) says the remote is unwell, not that our request was wrong
    throw new RetryableError(`payment gateway answered ${response.status} with a body that is not JSON (${request.path})`, { cause: err });
  }
}
