// N edge processes of one namespace, each on its own port (so a test knows which edge a client is
// on; fan-out between them still goes through NATS), plus typed /ws clients and raw `ws` sockets.
import { once } from 'node:events';
import type { NatsConnection } from '@nats-io/transport-node';
import { connectNats } from '../../engine/platform/messaging/nats-connection.js';
import pg from 'pg';
import WebSocket from 'ws';
import { PushClient, type WebSocketLike } from '../../client/src/push-client.js';
import { mintAccessToken } from '../../engine/auth/dev-token-issuer.js';
import type { Role } from '../../engine/auth/roles.js';
import { ensureSigningKeys } from '../../engine/auth/signing-keys.js';
import type { Codec } from '../../engine/push/push-types.js';
import { freePort, startRole, type RoleProcess } from './engine-processes.js';
import { HttpClient } from './http-client.js';
import { createTestNamespace, type TestNamespace } from './test-namespace.js';
import { createPool } from '../../engine/platform/db/pool.js';

export type JsonFrame = { type: string; [k: string]: unknown };

export interface RawOpen {
  /** the open socket, when the upgrade was accepted */
  socket?: WebSocket;
  /**
   * The next JSON frame of the socket. Frames are queued from the moment the socket exists: the server's
   * hello can arrive in the same packet as the upgrade answer, and ws then emits it before an awaiting
   * caller could attach a listener.
   */
  nextFrame?: (timeoutMs?: number) => Promise<JsonFrame>;
  /** the HTTP status and body of a refused upgrade */
  status?: number;
  body?: string;
}

export class PushFixture {
  readonly clients: PushClient[] = [];
  readonly sockets: WebSocket[] = [];

  private constructor(
    readonly ns: TestNamespace,
    readonly ports: number[],
    readonly edges: RoleProcess[],
    readonly http: HttpClient[],
    /** each edge's own metrics port (/metrics is not on the API port) */
    readonly metricsHttp: HttpClient[],
    readonly nc: NatsConnection,
    readonly db: pg.Pool,
  ) {}

  static async start(edgeCount: number, env: NodeJS.ProcessEnv = {}): Promise<PushFixture> {
    const ports: number[] = [];
    const metricsPorts: number[] = [];
    for (let i = 0; i < edgeCount; i++) ports.push(await freePort());
    for (let i = 0; i < edgeCount; i++) metricsPorts.push(await freePort());
    const ns = await createTestNamespace({ HTTP_PORT: String(ports[0]), ...env });
    await ensureSigningKeys(ns.config.dataDir);
    const edges: RoleProcess[] = [];
    try {
      // an edge serves /metrics on METRICS_PORT_BASE + 100 + EDGE_INDEX: each edge index 0 on its own base
      for (const [i, port] of ports.entries()) {
        edges.push(await startRole('edge', { ...ns.env, HTTP_PORT: String(port), METRICS_PORT_BASE: String(metricsPorts[i] - 100), EDGE_INDEX: '0' }));
      }
    } catch (err) {
      for (const edge of edges) await edge.stop();
      await ns.cleanup();
      throw err;
    }
    const nc = await connectNats(ns.config.nats);
    const db = createPool(ns.config.databaseUrl, 2, ns.config.postgres, 'jobs');
    const client = (p: number) => new HttpClient(`http://127.0.0.1:${p}`, 8);
    return new PushFixture(ns, ports, edges, ports.map(client), metricsPorts.map(client), nc, db);
  }

  wsUrl(edge: number): string {
    return `ws://127.0.0.1:${this.ports[edge]}/ws`;
  }

  token(userId: number, roles: Role[] = ['buyer'], ttlSec?: number): Promise<string> {
    return mintAccessToken(this.ns.config, { userId, roles, ttlSec });
  }

  /** A connected typed client of `userId` on edge `edge`; its events are collected in `events`. */
  async client(edge: number, userId: number, options: { roles?: Role[]; codec?: Codec; ttlSec?: number } = {}) {
    let tokensIssued = 0;
    const getToken = () => {
      tokensIssued++;
      return this.token(userId, options.roles ?? ['buyer'], options.ttlSec);
    };
    const connected = await connectPushClient(this.wsUrl(edge), getToken, options.codec, (client) => this.clients.push(client));
    return { ...connected, tokensIssued: () => tokensIssued };
  }

  /** A raw socket, to test what the typed client never does (floods, refusals, not reading). */
  async raw(edge: number, options: { protocols?: string[]; headers?: Record<string, string>; localAddress?: string } = {}): Promise<RawOpen> {
    const socket = new WebSocket(this.wsUrl(edge), options.protocols ?? [], { headers: options.headers, localAddress: options.localAddress });
    const nextFrame = frameQueue(socket);
    return new Promise<RawOpen>((resolve, reject) => {
      socket.once('open', () => {
        this.sockets.push(socket);
        resolve({ socket, nextFrame });
      });
      socket.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode, body }));
      });
      socket.once('error', reject);
    });
  }

  /** GET /metrics on an edge's metrics port, and the value of one sample line (0 when absent). */
  async metric(edge: number, sample: string): Promise<number> {
    const text = (await this.metricsHttp[edge].send('GET', '/metrics')).text;
    const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
    return line ? Number(line.slice(sample.length + 1)) : 0;
  }

  async close(): Promise<void> {
    for (const client of this.clients) client.close();
    for (const socket of this.sockets) socket.terminate();
    for (const edge of this.edges) await edge.stop();
    for (const http of [...this.http, ...this.metricsHttp]) http.close();
    await this.nc.close();
    await this.db.end();
    await this.ns.cleanup();
  }
}

/**
 * A typed /ws client at `url`, connected (its hello arrived); its events are collected in `events`.
 * `track` gets the client before it connects, so whoever closes it at the end also closes a failed one.
 */
export async function connectPushClient(url: string, getToken: () => Promise<string>, codec?: Codec, track: (client: PushClient) => void = () => {}) {
  const events: { topic: string; data: unknown }[] = [];
  const sockets: WebSocket[] = [];
  const client = new PushClient({
    url,
    getToken,
    codec,
    backoff: { initialMs: 50, maxMs: 500 },
    createSocket: (socketUrl, protocols) => {
      const socket = new WebSocket(socketUrl, protocols);
      sockets.push(socket);
      return socket as unknown as WebSocketLike;
    },
  });
  client.onEvent((topic, data) => events.push({ topic, data }));
  track(client);
  await client.connect();
  return { client, events, sockets };
}

function frameQueue(socket: WebSocket): (timeoutMs?: number) => Promise<JsonFrame> {
  // raw frames are kept and parsed only when asked for, so a msgpack socket that never asks costs nothing
  const queued: Buffer[] = [];
  const waiting: ((data: Buffer) => void)[] = [];
  socket.on('message', (data: Buffer) => {
    const waiter = waiting.shift();
    if (waiter) waiter(data);
    else queued.push(data);
  });
  const parse = (data: Buffer) => JSON.parse(data.toString()) as JsonFrame;
  return (timeoutMs = 15_000) => {
    const data = queued.shift();
    if (data) return Promise.resolve(parse(data));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no frame within ${timeoutMs} ms`)), timeoutMs);
      waiting.push((d) => {
        clearTimeout(timer);
        resolve(parse(d));
      });
    });
  };
}

/** The next close of a raw socket: code and reason. */
export async function closeOf(socket: WebSocket): Promise<{ code: number; reason: string }> {
  if (socket.readyState === WebSocket.CLOSED) throw new Error('already closed');
  const [code, reason] = (await once(socket, 'close')) as [number, Buffer];
  return { code, reason: reason.toString() };
}
