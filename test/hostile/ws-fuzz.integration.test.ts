// The /ws protocol under hostile frames: random text and binary, malformed JSON and msgpack, unknown
// ops, wrong types, topics the user may not hold, frames over the size limit, floods. Each message
// gets one documented answer (a frame, or a close with a documented code); the edge keeps serving.
import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { Packr } from 'msgpackr';
import { once } from 'node:events';
import WebSocket from 'ws';
import { MSGPACK_SUBPROTOCOL, JSON_SUBPROTOCOL, CloseCode, type Codec } from '../../engine/push/push-types.js';
import { waitFor } from '../support/eventually.js';
import { PushFixture } from '../support/push-fixture.js';
import { hostileString, hostileValue, runOptions } from './hostile-support.js';

const RUNS = Number(process.env.HOSTILE_RUNS ?? 50);
const MAX_PAYLOAD = 4096;
const MESSAGES_PER_SEC = 500;
const packr = new Packr({ useRecords: false });
/** what docs/push.md lists for a refused message */
const documentedCodes = new Set(['FORBIDDEN', 'NOT_FOUND', 'INVALID_INPUT', 'MALFORMED_JSON']);

type Outcome = { frame: Record<string, unknown> } | { close: { code: number; reason: string } };

const message = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b)),
  hostileValue.map((v) => JSON.stringify(v) ?? 'null'),
  fc.record({
    type: fc.oneof(fc.constantFrom('subscribe', 'unsubscribe', 'chat.send', 'publish', 'hello', '__proto__'), hostileString),
    topic: fc.oneof(fc.constantFrom('user.700', 'user.701', 'user.0', 'sale.1', 'order.00000000-0000-0000-0000-000000000000', 'chat.1', 'broadcast', 'sale.-1', 'sale.1e9'), hostileString, hostileValue),
    room: hostileValue, text: hostileValue, id: hostileValue,
  }, { requiredKeys: ['type'] }).map((m) => JSON.stringify(m)),
).filter((m) => Buffer.byteLength(m) <= MAX_PAYLOAD);

describe('hostile WebSocket input (integration)', () => {
  let fx: PushFixture;
  let token: string;

  before(async () => {
    fx = await PushFixture.start(1, { WS_MAX_PAYLOAD_BYTES: String(MAX_PAYLOAD), WS_MAX_MESSAGES_PER_SEC: String(MESSAGES_PER_SEC) });
    token = await fx.token(700);
  });
  after(async () => {
    await fx?.close();
  });

  /** Every frame and the close of a socket, queued from its creation: the hello may come with the 101 answer. */
  const inboxes = new WeakMap<WebSocket, Outcome[]>();

  async function open(codec: Codec): Promise<WebSocket> {
    const socket = new WebSocket(fx.wsUrl(0), [codec === 'json' ? JSON_SUBPROTOCOL : MSGPACK_SUBPROTOCOL, `bearer.${token}`]);
    const inbox: Outcome[] = [];
    inboxes.set(socket, inbox);
    socket.on('message', (data: Buffer) => inbox.push({ frame: codec === 'json' ? JSON.parse(data.toString()) : packr.unpack(data) }));
    socket.on('close', (code: number, reason: Buffer) => inbox.push({ close: { code, reason: reason.toString() } }));
    fx.sockets.push(socket);
    await once(socket, 'open');
    await next(socket, codec, 'the upgrade (hello)');
    return socket;
  }

  /** The next frame or the close, whichever comes first; nothing within 10 s is a hang. */
  async function next(socket: WebSocket, _codec: Codec, what = 'a message'): Promise<Outcome> {
    const inbox = inboxes.get(socket)!;
    await waitFor(() => inbox.length > 0, { timeoutMs: 10_000, intervalMs: 2, message: `an answer to ${what}` });
    return inbox.shift()!;
  }

  for (const codec of ['json', 'msgpack'] as const) {
    it(`hostile - ${codec} connections answer every hostile message with a documented frame`, async () => {
      let socket = await open(codec);
      await fc.assert(fc.asyncProperty(message, fc.boolean(), async (text, binary) => {
        const bytes = codec === 'msgpack' && !binary && typeof text === 'string' ? packr.pack(safeParse(text)) : text;
        const answer = next(socket, codec);
        socket.send(bytes, { binary });
        const outcome = await answer;
        if ('close' in outcome) {
          // documented closes for a message within the size limit: the flood guard, and uWS's abrupt
          // close of a text frame that is not UTF-8 (RFC 6455 section 8.1), before any of our code runs
          const notText = !binary && !isUtf8(typeof bytes === 'string' ? Buffer.from(bytes) : bytes);
          assert.ok(outcome.close.code === CloseCode.POLICY || (notText && outcome.close.code === 1006), JSON.stringify(outcome));
          socket = await open(codec);
          return;
        }
        const frame = outcome.frame;
        if (frame.type === 'error') assert.ok(documentedCodes.has(String(frame.code)), JSON.stringify(frame));
        else assert.ok(['subscribed', 'unsubscribed', 'chat.sent'].includes(String(frame.type)), JSON.stringify(frame));
      }), runOptions(RUNS * 4));
      socket.close();
      assert.equal((await fx.http[0].send('GET', '/healthz')).status, 200);
    });
  }

  it('hostile - topics of other users, orders and rooms are refused without revealing them', async () => {
    const socket = await open('json');
    for (const [topic, code] of [['user.701', 'FORBIDDEN'], ['order.3f2b8a4e-0000-4000-8000-000000000000', 'NOT_FOUND'], ['chat.1', 'NOT_FOUND'], ["sale.1' OR 1=1", 'INVALID_INPUT']]) {
      const answer = next(socket, 'json');
      socket.send(JSON.stringify({ type: 'subscribe', topic, id: 'x' }));
      const outcome = await answer;
      assert.ok('frame' in outcome && outcome.frame.type === 'error' && outcome.frame.code === code, `${topic}: ${JSON.stringify(outcome)}`);
    }
    socket.close();
  });

  it('hostile - a frame over the size limit and a message flood close the connection; the edge keeps serving', async () => {
    const big = await open('json');
    big.send('x'.repeat(MAX_PAYLOAD + 1));
    const bigOutcome = await next(big, 'json', 'an oversize frame');
    const code = 'close' in bigOutcome ? bigOutcome.close.code : 0;
    assert.ok(code === 1006 || code === CloseCode.TOO_BIG, `oversize close code ${code}`);

    const flooder = await open('json');
    const frame = JSON.stringify({ type: 'subscribe', topic: 'broadcast' });
    for (let i = 0; i < MESSAGES_PER_SEC * 10; i++) flooder.send(frame);
    let outcome = await next(flooder, 'json', 'a flood');
    while ('frame' in outcome) outcome = await next(flooder, 'json', 'a flood'); // answers before the limit bit
    const flood = outcome.close;
    assert.equal(flood.code, CloseCode.POLICY);
    assert.match(flood.reason, /^RATE_LIMITED/);

    const after = await open('json');
    const answer = next(after, 'json', 'a subscribe after the flood');
    after.send(JSON.stringify({ type: 'subscribe', topic: 'sale.1', id: 'ok' }));
    assert.deepEqual((await answer as { frame: unknown }).frame, { type: 'subscribed', topic: 'sale.1', id: 'ok' });
    after.close();
    assert.equal(fx.edges[0].child.exitCode, null, 'the edge is alive');
  });
});

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
