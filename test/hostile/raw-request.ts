// An HTTP/1.1 request over a raw socket whose body is sent when the test says so: the test can send the
// headers and part of a body, then see whether (and when) the server answers before the rest arrives.
import { connect, type Socket } from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
  json(): any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test helper: callers assert the shape
}

export class RawRequest {
  private received = Buffer.alloc(0);
  private closed = false;
  private failure: Error | undefined;
  private readonly socket: Socket;
  private wake: () => void = () => {};

  /** Opens the connection and sends the request line, the headers and `firstBytes` of the body. */
  constructor(port: number, method: string, path: string, headers: Record<string, string>, firstBytes: Buffer = Buffer.alloc(0)) {
    this.socket = connect(port, '127.0.0.1');
    this.socket.on('data', (chunk) => {
      this.received = Buffer.concat([this.received, chunk]);
      this.wake();
    });
    const ended = () => {
      this.closed = true;
      this.wake();
    };
    this.socket.on('close', ended);
    this.socket.on('error', (err) => {
      this.failure = err; // a reset after the answer: the server refused to read on
      ended();
    });
    const head = Object.entries({ host: 'x', ...headers }).map(([name, value]) => `${name}: ${value}\r\n`).join('');
    this.socket.write(Buffer.concat([Buffer.from(`${method} ${path} HTTP/1.1\r\n${head}\r\n`, 'latin1'), firstBytes]));
  }

  /** Sends more of the body (ignored once the server has closed the connection); resolves once written. */
  send(bytes: Buffer): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => this.socket.write(bytes, () => resolve()));
  }

  /** The socket's error, if one came (ECONNRESET, EPIPE: the server dropped the connection under a write). */
  get error(): Error | undefined {
    return this.failure;
  }

  /** Whether the server closed the connection. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** The complete answer (status line, headers, the Content-Length body); fails after `ms` without one. */
  async answer(ms: number): Promise<RawAnswer> {
    const deadline = Date.now() + ms;
    for (;;) {
      const answer = this.parse();
      if (answer) return answer;
      if (this.closed) throw new Error(`closed without a complete answer: ${JSON.stringify(this.received.toString('latin1').slice(0, 300))}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no answer in ${ms} ms: ${JSON.stringify(this.received.toString('latin1').slice(0, 300))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Resolves once the server has closed the connection, or fails after `ms`. */
  async closedWithin(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error(`the connection is still open after ${ms} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Drops the connection, as a client that gives up mid-upload does. */
  destroy(): void {
    this.socket.destroy();
  }

  private parse(): RawAnswer | undefined {
    const end = this.received.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    const [statusLine, ...lines] = this.received.subarray(0, end).toString('latin1').split('\r\n');
    const headers = Object.fromEntries(lines.map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
    }));
    const length = Number(headers['content-length'] ?? 0);
    if (this.received.length < end + 4 + length) return undefined;
    const text = this.received.subarray(end + 4, end + 4 + length).toString('utf8');
    return { status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]), headers, text, json: () => JSON.parse(text) };
  }
}
