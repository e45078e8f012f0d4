// The /ws guards: token, origin, per-IP limit at upgrade; flood, oversize, bad messages, slow
// consumers and token expiry on open connections. One edge with small limits.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateKeyPair, SignJWT } from 'jose';
import { ensureSigningKeys } from '../../engine/auth/signing-keys.js';
import { publishPush } from '../../engine/push/push-publisher.js';
import { waitFor } from '../support/eventually.js';
import { closeOf, PushFixture } from '../support/push-fixture.js';

const ALLOWED_ORIGIN = 'https://shop.gopang.test';

describe('ws push guards (integration)', () => {
  let fx: PushFixture;

  before(async () => {
    fx = await PushFixture.start(1, {
      WS_ALLOWED_ORIGINS: ALLOWED_ORIGIN,
      WS_MAX_CONNECTIONS_PER_IP: '4',
      WS_MAX_MESSAGES_PER_SEC: '10',
      WS_MAX_PAYLOAD_BYTES: '1024',
      WS_MAX_BACKPRESSURE_BYTES: '262144',
      WS_TOKEN_CHECK_INTERVAL_MS: '200',
    });
  });
  after(async () => {
    await fx?.close();
  });

  async function tokenOf(options: { forged?: boolean; expiresAt?: string }): Promise<string> {
    const signing = await ensureSigningKeys(fx.ns.config.dataDir);
    const key = options.forged ? (await generateKeyPair('ES256')).privateKey : signing.privateKey;
    return new SignJWT({ roles: ['buyer'] })
      .setProtectedHeader({ alg: 'ES256', kid: signing.kid })
      .setSubject('700')
      .setIssuer(fx.ns.config.jwt.issuer)
      .setAudience(fx.ns.config.jwt.audience)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 600)
      .setExpirationTime(options.expiresAt ?? '5m')
      .sign(key);
  }

  it('push - upgrades without a valid token or from a foreign origin are refused', async () => {
    const good = await fx.token(700);
    const cases: [string, Parameters<PushFixture['raw']>[1], number, string][] = [
      ['no token', { protocols: ['gopang.json.v1'] }, 401, 'UNAUTHENTICATED'],
      ['forged token', { protocols: ['gopang.json.v1', `bearer.${await tokenOf({ forged: true })}`] }, 401, 'UNAUTHENTICATED'],
      ['expired token', { headers: { authorization: `Bearer ${await tokenOf({ expiresAt: '2 minutes ago' })}` } }, 401, 'UNAUTHENTICATED'],
      ['garbage token', { headers: { authorization: 'Bearer abc.def.ghi' } }, 401, 'UNAUTHENTICATED'],
      ['foreign origin', { headers: { authorization: `Bearer ${good}`, origin: 'https://evil.test' } }, 403, 'ORIGIN_NOT_ALLOWED'],
    ];
    for (const [name, options, status, code] of cases) {
      const answer = await fx.raw(0, options);
      assert.equal(answer.socket, undefined, `${name}: must not open`);
      assert.equal(answer.status, status, name);
      assert.equal(JSON.parse(answer.body ?? '{}').error.code, code, name);
    }
    const viaHeader = await fx.raw(0, { headers: { authorization: `Bearer ${good}`, origin: ALLOWED_ORIGIN } });
    assert.ok(viaHeader.socket, 'token in the Authorization header, allowed origin');
    const viaProtocol = await fx.raw(0, { protocols: ['gopang.json.v1', `bearer.${good}`] });
    assert.ok(viaProtocol.socket, 'token as a subprotocol');
    assert.equal(viaProtocol.socket.protocol, 'gopang.json.v1', 'the codec is echoed, never the token');
    const edgeLog = fx.edges[0].output();
    assert.ok(!edgeLog.includes(good) && !edgeLog.includes(good.split('.')[2]), 'the token never reaches the log');
    viaHeader.socket!.close();
    viaProtocol.socket.close();
  });

  it('push - one address may hold only so many connections', async () => {
    const protocols = ['gopang.json.v1', `bearer.${await fx.token(701)}`];
    const opened = [];
    for (let i = 0; i < 4; i++) opened.push(await fx.raw(0, { protocols, localAddress: '127.0.0.5' }));
    assert.ok(opened.every((o) => o.socket));
    const fifth = await fx.raw(0, { protocols, localAddress: '127.0.0.5' });
    assert.equal(fifth.status, 429);
    assert.equal(JSON.parse(fifth.body!).error.code, 'TOO_MANY_CONNECTIONS');
    const otherAddress = await fx.raw(0, { protocols, localAddress: '127.0.0.6' });
    assert.ok(otherAddress.socket, 'another address is not affected');
    const closed = closeOf(opened[0].socket!);
    opened[0].socket!.close();
    await closed;
    await waitFor(async () => (await fx.raw(0, { protocols, localAddress: '127.0.0.5' })).socket !== undefined, { message: 'slot given back' });
  });

  it('push - a message flood closes the connection with a reason', async () => {
    const { socket, nextFrame } = await fx.raw(0, { protocols: ['gopang.json.v1', `bearer.${await fx.token(702)}`] });
    await nextFrame!(); // hello
    const closed = closeOf(socket!);
    for (let i = 0; i < 50; i++) socket!.send(JSON.stringify({ type: 'subscribe', topic: `sale.${i + 1}` }));
    const { code, reason } = await closed;
    assert.equal(code, 1008);
    assert.equal(reason, 'RATE_LIMITED: too many messages');
  });

  it('push - an oversized message closes the connection; a malformed one gets an error frame', async () => {
    const { socket, nextFrame } = await fx.raw(0, { protocols: ['gopang.json.v1', `bearer.${await fx.token(703)}`] });
    await nextFrame!(); // hello
    for (const [bad, code] of [['{"type":', 'MALFORMED_JSON'], ['{"type":"subscribe","topic":"sale.1","x":1}', 'INVALID_INPUT'], ['{"type":"subscribe","topic":"nope"}', 'INVALID_INPUT']]) {
      const frame = nextFrame!();
      socket!.send(bad);
      assert.equal((await frame).code, code, bad);
    }
    const before = await fx.metric(0, 'gopang_ws_closed_total{reason="too_big"}');
    const closed = closeOf(socket!);
    socket!.send(JSON.stringify({ type: 'chat.send', room: 1, text: 'x'.repeat(2000) }));
    const { code } = await closed;
    assert.notEqual(code, 1000, 'not a normal close');
    await waitFor(async () => (await fx.metric(0, 'gopang_ws_closed_total{reason="too_big"}')) === before + 1, { message: 'counted' });
  });

  it('push - a slow consumer is dropped while the others keep receiving everything', async () => {
    const fast = await fx.client(0, 704);
    await fast.client.subscribe('broadcast');
    const { socket: slow, nextFrame } = await fx.raw(0, { protocols: ['gopang.json.v1', `bearer.${await fx.token(705)}`] });
    await nextFrame!(); // hello
    const subscribed = nextFrame!();
    slow!.send(JSON.stringify({ type: 'subscribe', topic: 'broadcast' }));
    assert.equal((await subscribed).type, 'subscribed');
    (slow as unknown as { _socket: { pause(): void } })._socket.pause(); // never reads again
    const count = 800;
    const pad = 'x'.repeat(32 * 1024);
    // paced by the fast reader (a burst past the backlog limit would drop a fast client too);
    // the slow one's kernel buffers fill within a few MB, then its backlog passes the limit
    for (let i = 0; i < count; i += 4) {
      for (let j = i; j < i + 4; j++) publishPush(fx.nc, fx.ns.name, 'broadcast', { n: j, pad });
      await waitFor(() => fast.events.length >= i + 4, { message: 'fast client keeps up', timeoutMs: 30_000 });
    }
    assert.deepEqual(fast.events.map((e) => (e.data as { n: number }).n), [...Array(count).keys()], 'in order, none missing');
    await waitFor(async () => (await fx.metric(0, 'gopang_ws_slow_consumers_dropped_total')) === 1, { message: 'slow one dropped' });
    assert.equal(await fx.metric(0, 'gopang_ws_closed_total{reason="slow_consumer"}'), 1);
  });

  it('push - a connection is closed when its token expires', async () => {
    const { socket } = await fx.raw(0, { protocols: ['gopang.json.v1', `bearer.${await fx.token(706, ['buyer'], 2)}`] });
    const { code, reason } = await closeOf(socket!);
    assert.equal(code, 4001);
    assert.equal(reason, 'token expired');
  });

  it('push - the client refreshes its token: an expired connection comes back with a new one', async () => {
    const { client, sockets, tokensIssued } = await fx.client(0, 707, { ttlSec: 2 });
    const closes: number[] = [];
    client.onClose((code) => closes.push(code));
    await client.subscribe('sale.3');
    await client.nextHello();
    assert.deepEqual(closes, [4001], 'closed for its expired token');
    assert.ok(tokensIssued() >= 2, 'asked for a fresh token');
    assert.equal(sockets.length, 2);
    await waitFor(async () => {
      const events = new Promise<boolean>((resolve) => {
        const off = client.onEvent((topic) => {
          if (topic === 'sale.3') resolve(true);
        });
        setTimeout(() => {
          off();
          resolve(false);
        }, 200);
      });
      publishPush(fx.nc, fx.ns.name, 'sale.3', { again: true });
      return events;
    }, { message: 'topic held again' });
  });
});
