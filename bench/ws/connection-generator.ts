// A connection generator process of the ws bench: opens authenticated /ws clients (one user each)
// from its own loopback source address, and records push latencies and broadcast arrivals.
import WebSocket from 'ws';
import { mintAccessToken } from '../../engine/auth/dev-token-issuer.js';
import { loadConfig } from '../../engine/platform/config.js';
import { BEARER_SUBPROTOCOL_PREFIX, JSON_SUBPROTOCOL } from '../../engine/push/push-types.js';
import { everySecond, printLine } from '../support/progress-ticker.js';
import { wallNow, type ConnectResult, type GeneratorCommand, type GeneratorReply, type GeneratorStats } from './generator-protocol.js';

const config = loadConfig();
const sockets: WebSocket[] = [];
let pushLatencies: number[] = [];
const broadcasts: Record<number, [number, number]> = {};
const pendingAcks = new Map<WebSocket, () => void>();

interface Frame {
  type: string;
  topic?: string;
  data?: { t?: number; b?: number };
}

const BROADCAST_PREFIX = '{"type":"event","topic":"broadcast","data":{"b":';

function onFrame(socket: WebSocket, raw: WebSocket.RawData): void {
  const now = wallNow();
  const text = raw.toString();
  if (text.startsWith(BROADCAST_PREFIX)) {
    // the hot case of the bench (every client, every round): read the round without a JSON parse
    const round = (broadcasts[parseInt(text.slice(BROADCAST_PREFIX.length), 10)] ??= [0, 0]);
    round[0]++;
    round[1] = now;
    return;
  }
  const frame = JSON.parse(text) as Frame;
  if (frame.type === 'event' && frame.data) {
    if (frame.topic === 'broadcast' && frame.data.b !== undefined) {
      const round = (broadcasts[frame.data.b] ??= [0, 0]);
      round[0]++;
      round[1] = now;
    } else if (frame.data.t !== undefined) pushLatencies.push(now - frame.data.t);
  } else if (frame.type === 'subscribed' || frame.type === 'hello') {
    pendingAcks.get(socket)?.();
  }
}

function open(url: string, token: string, localAddress: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, [JSON_SUBPROTOCOL, `${BEARER_SUBPROTOCOL_PREFIX}${token}`], { localAddress, perMessageDeflate: false });
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error('no hello within 60 s'));
    }, 60_000);
    pendingAcks.set(socket, () => {
      clearTimeout(timer);
      pendingAcks.delete(socket);
      resolve(socket);
    });
    socket.on('message', (raw) => onFrame(socket, raw));
    socket.once('error', (err) => {
      clearTimeout(timer);
      pendingAcks.delete(socket);
      reject(err);
    });
  });
}

async function connect(c: Extract<GeneratorCommand, { cmd: 'connect' }>): Promise<ConnectResult> {
  let started = performance.now();
  const tokens: string[] = [];
  for (let i = 0; i < c.count; i++) tokens.push(await mintAccessToken(config, { userId: c.firstUserId + i, roles: ['buyer'], ttlSec: 3_600 }));
  const mintMs = performance.now() - started;
  started = performance.now();
  const result: ConnectResult = { connected: 0, failed: 0, mintMs, connectMs: 0 };
  let next = 0;
  const lane = async () => {
    while (next < c.count) {
      const token = tokens[next++];
      try {
        sockets.push(await open(c.url, token, c.localAddress));
        result.connected++;
      } catch (err) {
        result.failed++;
        result.firstError ??= err instanceof Error ? err.message : String(err);
      }
    }
  };
  const stopTicking = everySecond(printLine, (sec) => `[ws ${c.localAddress}] ${result.connected} connected, ${result.failed} failed of ${c.count} (${sec} s)`);
  await Promise.all(Array.from({ length: c.concurrency }, lane)).finally(stopTicking);
  result.connectMs = performance.now() - started;
  return result;
}

/** Every socket subscribes; resolves when all have their ack. */
async function subscribeAll(topic: string): Promise<number> {
  const message = JSON.stringify({ type: 'subscribe', topic });
  await Promise.all(
    sockets.map(
      (socket) =>
        new Promise<void>((resolve) => {
          pendingAcks.set(socket, () => {
            pendingAcks.delete(socket);
            resolve();
          });
          socket.send(message);
        }),
    ),
  );
  return sockets.length;
}

function stats(): GeneratorStats {
  const result = { pushLatencies, broadcasts: { ...broadcasts }, open: sockets.filter((s) => s.readyState === WebSocket.OPEN).length };
  pushLatencies = [];
  return result;
}

async function run(command: GeneratorCommand): Promise<unknown> {
  switch (command.cmd) {
    case 'connect':
      return connect(command);
    case 'subscribe':
      return subscribeAll(command.topic);
    case 'stats':
      return stats();
    case 'close':
      for (const socket of sockets) socket.terminate();
      setImmediate(() => process.exit(0));
      return sockets.length;
  }
}

process.on('message', (command: GeneratorCommand) => {
  run(command).then(
    (result) => process.send!({ ok: true, result } satisfies GeneratorReply),
    (err: unknown) => process.send!({ ok: false, error: err instanceof Error ? err.message : String(err) } satisfies GeneratorReply),
  );
});
