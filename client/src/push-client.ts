// A small typed client of the Gopang /ws push protocol, for browsers and Node (pass `createSocket`
// built on the `ws` package there: Node 20 has no WebSocket). It reconnects with jittered exponential
// backoff, asks `getToken()` for a fresh token on every connect (token refresh), and resubscribes
// to every topic it holds once the new connection says hello. `connect()` rejects when the edge refuses
// the token (HTTP 401 on the upgrade). The msgpack codec loads the optional `msgpackr` package on first use.
import {
  BEARER_SUBPROTOCOL_PREFIX,
  JSON_SUBPROTOCOL,
  MSGPACK_SUBPROTOCOL,
  type ChatMessage,
  type ClientMessage,
  type Codec,
  type ServerFrame,
} from '../../engine/push/push-types.js';

/** The part of the WebSocket API this client uses: the browser's and the `ws` package's both fit. */
export interface WebSocketLike {
  binaryType: string;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type WebSocketFactory = (url: string, protocols: string[]) => WebSocketLike;

export interface PushClientOptions {
  url: string;
  /** called before every connect, so an expired token is replaced on reconnect */
  getToken(): string | Promise<string>;
  codec?: Codec;
  createSocket?: WebSocketFactory;
  /** first and largest reconnect delay; each delay is random in [0, min(max, first * 2^attempt)] */
  backoff?: { initialMs: number; maxMs: number };
  requestTimeoutMs?: number;
  /**
   * Asked with the token (GET, Bearer) when a first upgrade fails and the socket hides the HTTP status, as
   * a browser's does: a 401 there rejects connect(). Default: /api/v1/auth/ping on the host of `url`,
   * which answers from the token alone; null: never ask (such failures are retried like any other).
   */
  tokenCheckUrl?: string | null;
}

export type EventHandler = (topic: string, data: unknown) => void;
export type CloseHandler = (code: number, reason: string) => void;

interface Pending {
  resolve(frame: ServerFrame): void;
  reject(err: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/** A refusal from the server: `code` is the engine's stable error code. */
export class PushError extends Error {
  override name = 'PushError';
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** The part of msgpackr this client uses. */
interface Msgpack {
  pack(value: unknown): Uint8Array;
  unpack(bytes: Uint8Array): unknown;
}

let msgpack: Promise<Msgpack> | undefined;
function loadMsgpack(): Promise<Msgpack> {
  msgpack ??= import('msgpackr').then(({ Packr }) => new Packr({ useRecords: false }), (err: unknown) => {
    msgpack = undefined;
    throw new Error('the msgpack codec needs the msgpackr package (npm install msgpackr)', { cause: err });
  });
  return msgpack;
}

/**
 * The HTTP status of a refused upgrade, where the socket tells it: the `ws` package reports
 * "Unexpected server response: 401"; a browser's WebSocket hides it (the close is a plain 1006).
 */
function refusedStatus(event: unknown): number | undefined {
  const message = (event as { message?: unknown; error?: { message?: unknown } } | null)?.message ?? (event as { error?: { message?: unknown } } | null)?.error?.message;
  const match = typeof message === 'string' ? /Unexpected server response: (\d{3})/.exec(message) : null;
  return match ? Number(match[1]) : undefined;
}

function pingUrl(wsUrl: string): string | undefined {
  try {
    const url = new URL(wsUrl, (globalThis as { location?: { href: string } }).location?.href);
    url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
    url.pathname = '/api/v1/auth/ping';
    url.search = '';
    return url.href;
  } catch {
    return undefined;
  }
}

const defaultFactory: WebSocketFactory = (url, protocols) =>
  new (globalThis as unknown as { WebSocket: new (u: string, p: string[]) => WebSocketLike }).WebSocket(url, protocols);

export class PushClient {
  private socket?: WebSocketLike;
  private readonly topics = new Set<string>();
  private readonly pending = new Map<string, Pending>();
  private readonly eventHandlers = new Set<EventHandler>();
  private readonly closeHandlers = new Set<CloseHandler>();
  private readonly helloWaiters: (() => void)[] = [];
  private connecting?: { resolve(): void; reject(err: Error): void };
  private packr?: Msgpack;
  private nextId = 0;
  private attempt = 0;
  private stopped = false;
  private open = false;
  private reconnectTimer?: ReturnType<typeof setTimeout>;
  private readonly codec: Codec;
  /** user id of the current connection (from its hello) */
  userId?: number;

  constructor(private readonly options: PushClientOptions) {
    this.codec = options.codec ?? 'json';
  }

  /**
   * Connects (and keeps reconnecting until close()); resolves on the first hello. Rejects with
   * PushError UNAUTHENTICATED (and stops) when the edge answers the upgrade 401, and with an Error when
   * the msgpack codec is asked for without msgpackr; other failures are retried with backoff.
   */
  connect(): Promise<void> {
    this.stopped = false;
    return new Promise<void>((resolve, reject) => {
      this.connecting = { resolve, reject };
      void this.dial();
    });
  }

  /** Resolves on the next hello: after a reconnect, once the connection is back. */
  nextHello(): Promise<void> {
    return new Promise((resolve) => this.helloWaiters.push(resolve));
  }

  onEvent(handler: EventHandler): () => void {
    this.eventHandlers.add(handler);
    return () => this.eventHandlers.delete(handler);
  }

  /** Every close of the underlying socket, including those the client recovers from. */
  onClose(handler: CloseHandler): () => void {
    this.closeHandlers.add(handler);
    return () => this.closeHandlers.delete(handler);
  }

  /** Holds the topic from now on, across reconnects; rejects with PushError when refused. */
  async subscribe(topic: string): Promise<void> {
    await this.request({ type: 'subscribe', topic });
    this.topics.add(topic);
  }

  async unsubscribe(topic: string): Promise<void> {
    this.topics.delete(topic);
    await this.request({ type: 'unsubscribe', topic });
  }

  async sendChat(room: number, text: string): Promise<ChatMessage> {
    const frame = await this.request({ type: 'chat.send', room, text });
    if (frame.type !== 'chat.sent') throw new PushError('INTERNAL', `unexpected answer ${frame.type}`);
    return frame.message;
  }

  close(): void {
    this.connecting?.reject(new Error('client closed'));
    this.connecting = undefined;
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    this.socket?.close(1000, 'client closed');
    this.failPending(new Error('client closed'));
  }

  private request(message: ClientMessage): Promise<ServerFrame> {
    const socket = this.socket;
    if (!socket || !this.open) return Promise.reject(new Error('not connected'));
    const id = `c${++this.nextId}`;
    return new Promise<ServerFrame>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${message.type} timed out`));
      }, this.options.requestTimeoutMs ?? 10_000);
      this.pending.set(id, { resolve, reject, timer });
      const withId = { ...message, id };
      socket.send(this.packr ? this.packr.pack(withId) : JSON.stringify(withId));
    });
  }

  private async dial(): Promise<void> {
    if (this.stopped) return;
    if (this.codec === 'msgpack' && !this.packr) {
      try {
        this.packr = await loadMsgpack();
      } catch (err) {
        this.fail(err as Error);
        return;
      }
    }
    let token: string;
    try {
      token = await this.options.getToken();
    } catch {
      this.scheduleReconnect();
      return;
    }
    if (this.stopped) return;
    const protocols = [this.codec === 'json' ? JSON_SUBPROTOCOL : MSGPACK_SUBPROTOCOL, `${BEARER_SUBPROTOCOL_PREFIX}${token}`];
    const socket = (this.options.createSocket ?? defaultFactory)(this.options.url, protocols);
    this.socket = socket;
    socket.binaryType = 'arraybuffer';
    let refused: number | undefined;
    let opened = false;
    socket.onopen = () => (this.open = opened = true);
    socket.onerror = (event) => (refused = refusedStatus(event)); // a close always follows
    socket.onmessage = (event) => this.receive(event.data);
    socket.onclose = (event) => void this.closed(event, opened ? 101 : refused, token);
  }

  /** `status`: 101 once upgraded, the refusal's HTTP status where the socket told it. */
  private async closed(event: { code: number; reason: string }, status: number | undefined, token: string): Promise<void> {
    this.open = false;
    if (this.connecting && (status ?? (await this.tokenStatus(token))) === 401) {
      this.fail(new PushError('UNAUTHENTICATED', 'the edge refused the token (401)'));
      return;
    }
    this.failPending(new Error(`connection closed (${event.code})`));
    for (const handler of this.closeHandlers) handler(event.code, event.reason);
    this.scheduleReconnect();
  }

  /** What the token check URL answers the token with; undefined when it cannot be asked. */
  private async tokenStatus(token: string): Promise<number | undefined> {
    const url = this.options.tokenCheckUrl === undefined ? pingUrl(this.options.url) : this.options.tokenCheckUrl;
    if (!url || typeof fetch !== 'function') return undefined;
    try {
      return (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).status;
    } catch {
      return undefined;
    }
  }

  /** A first connect that cannot succeed: connect() rejects and the client stops. */
  private fail(err: Error): void {
    const connecting = this.connecting;
    this.connecting = undefined;
    this.stopped = true;
    connecting?.reject(err);
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const { initialMs, maxMs } = this.options.backoff ?? { initialMs: 250, maxMs: 30_000 };
    const delay = Math.random() * Math.min(maxMs, initialMs * 2 ** this.attempt++);
    this.reconnectTimer = setTimeout(() => void this.dial(), delay);
  }

  private receive(raw: unknown): void {
    const frame = this.decode(raw);
    switch (frame.type) {
      case 'hello':
        this.attempt = 0;
        this.userId = frame.userId;
        this.resubscribe();
        for (const waiter of this.helloWaiters.splice(0)) waiter();
        this.connecting?.resolve();
        this.connecting = undefined;
        return;
      case 'event':
        for (const handler of this.eventHandlers) handler(frame.topic, frame.data);
        return;
      default:
        this.settle(frame);
    }
  }

  /** Text frames are JSON; binary ones msgpack with that codec, else UTF-8 JSON. */
  private decode(raw: unknown): ServerFrame {
    if (typeof raw === 'string') return JSON.parse(raw) as ServerFrame;
    const bytes = new Uint8Array(raw as ArrayBuffer);
    return (this.packr ? this.packr.unpack(bytes) : JSON.parse(new TextDecoder().decode(bytes))) as ServerFrame;
  }

  private settle(frame: Exclude<ServerFrame, { type: 'hello' | 'event' }>): void {
    const pending = frame.id ? this.pending.get(frame.id) : undefined;
    if (!pending || !frame.id) return;
    this.pending.delete(frame.id);
    clearTimeout(pending.timer);
    if (frame.type === 'error') pending.reject(new PushError(frame.code, frame.message));
    else pending.resolve(frame);
  }

  /** After a reconnect: ask again for every topic held; one refused now (e.g. access lost) is let go. */
  private resubscribe(): void {
    for (const topic of this.topics) {
      this.request({ type: 'subscribe', topic }).catch(() => this.topics.delete(topic));
    }
  }

  private failPending(err: Error): void {
    for (const pending of this.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(err);
    }
    this.pending.clear();
  }
}
