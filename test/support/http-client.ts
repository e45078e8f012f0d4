// A keep-alive HTTP client for tests: bounded sockets, so 20,000 concurrent requests queue instead of
// opening 20,000 connections.
import { Agent, request, type IncomingHttpHeaders } from 'node:http';

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json(): any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test helper: callers assert the shape
}

export class HttpClient {
  private readonly agent: Agent;

  /** localAddress: the client's own address (any 127.0.0.0/8 address is this machine), so tests can act as several client IPs. */
  constructor(
    readonly baseUrl: string,
    maxSockets = 256,
    localAddress?: string,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets, localAddress });
  }

  send(method: string, path: string, options: { headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<HttpAnswer> {
    const url = new URL(path, this.baseUrl);
    return new Promise((resolve, reject) => {
      const req = request(url, { method, agent: this.agent, headers: options.headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(options.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
