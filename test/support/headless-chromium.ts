// A real browser for tests: headless Chromium driven over the DevTools protocol with `ws` (no
// puppeteer). Found through CHROMIUM_PATH or `chromium`/`chromium-browser`/`google-chrome` on PATH;
// tests skip when there is none.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';

export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, 'chromium', 'chromium-browser', 'google-chrome'].filter((c): c is string => !!c);
  return candidates.find((c) => spawnSync(c, ['--version'], { stdio: 'ignore' }).status === 0);
}

type Event = { method: string; params: Record<string, unknown> };

/** One page of a headless browser: send DevTools commands, wait for events. */
export class HeadlessPage {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private readonly listeners: ((event: Event) => void)[] = [];

  private constructor(
    private readonly browser: ChildProcess,
    private readonly socket: WebSocket,
    private readonly profileDir: string,
  ) {
    socket.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } } & Partial<Event>;
      if (msg.id !== undefined) {
        const waiter = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.error) waiter?.reject(new Error(msg.error.message));
        else waiter?.resolve(msg.result);
      } else if (msg.method !== undefined) {
        for (const listener of [...this.listeners]) listener({ method: msg.method, params: msg.params ?? {} });
      }
    });
  }

  static async launch(binary: string): Promise<HeadlessPage> {
    const profileDir = await mkdtemp(join(tmpdir(), 'gopang-chromium-'));
    const browser = spawn(binary, [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--hide-scrollbars',
      '--window-size=900,760', '--remote-debugging-port=0', `--user-data-dir=${profileDir}`, 'about:blank',
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    let output = '';
    const endpoint = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`chromium did not start:\n${output}`)), 20_000);
      browser.stderr!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /DevTools listening on (ws:\/\/\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      browser.on('exit', () => reject(new Error(`chromium exited:\n${output}`)));
    });
    const targets = await (await fetch(`http://${new URL(endpoint).host}/json/list`)).json() as { type: string; webSocketDebuggerUrl: string }[];
    const page = targets.find((t) => t.type === 'page');
    if (page === undefined) throw new Error('chromium has no page');
    const socket = new WebSocket(page.webSocketDebuggerUrl);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return new HeadlessPage(browser, socket, profileDir);
  }

  /** A DevTools command; a browser that does not answer in `timeoutMs` fails the test instead of hanging it. */
  send<T = Record<string, unknown>>(method: string, params: Record<string, unknown> = {}, timeoutMs = 15_000): Promise<T> {
    const id = ++this.nextId;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v as T)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** The next event named `method` that `matches`, within `timeoutMs`. */
  waitFor(method: string, matches: (params: Record<string, unknown>) => boolean = () => true, timeoutMs = 15_000): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${method} within ${timeoutMs} ms`)), timeoutMs);
      const listener = (event: Event) => {
        if (event.method !== method || !matches(event.params)) return;
        clearTimeout(timer);
        this.listeners.splice(this.listeners.indexOf(listener), 1);
        resolve(event.params);
      };
      this.listeners.push(listener);
    });
  }

  /** Evaluates an expression in the page and answers its value. */
  async evaluate<T>(expression: string): Promise<T> {
    const { result } = await this.send<{ result: { value: T } }>('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
    return result.value;
  }

  async close(): Promise<void> {
    this.socket.close();
    const exited = new Promise((resolve) => this.browser.once('exit', resolve));
    this.browser.kill('SIGTERM');
    await exited;
    await rm(this.profileDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }); // Chromium may still be writing its profile as it exits
  }
}
