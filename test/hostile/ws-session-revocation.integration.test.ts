// Hostile finding 11 (issue #15): a WebSocket must not outlive its session. Logout, a newer login (the
// single-session policy) and account deletion revoke sessions; every edge (two here) then closes the
// sockets authenticated with them (for a deletion, every socket of the user) with 4003 "session
// revoked" (docs/push.md) within a second or two, and the old token cannot open a new one.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import WebSocket from 'ws';
import { mintAccessToken } from '../../engine/auth/dev-token-issuer.js';
import { JSON_SUBPROTOCOL } from '../../engine/push/push-types.js';
import { AuthApi, STRONG_PASSWORD } from '../support/auth-api.js';
import { waitFor } from '../support/eventually.js';
import { freePort, startRole, type RoleProcess } from '../support/engine-processes.js';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';

/** docs/push.md, close codes */
const SESSION_REVOKED = 4003;
/** how long after the revoking answer a socket may stay open */
const CLOSE_WITHIN_MS = 2_000;

interface OpenSocket {
  socket: WebSocket;
  /** the close, with the time it arrived; undefined while open */
  closed(): { code: number; reason: string; atMs: number } | undefined;
  /** resolves with the answer to a subscribe: proves the socket still serves */
  subscribe(topic: string): Promise<Record<string, unknown>>;
}

describe('hostile - WebSockets end with their session (integration)', () => {
  let fx: FlashSaleFixture;
  let api: AuthApi;
  /** /ws of the fixture's edge, then of a second edge of the namespace */
  const wsUrls: string[] = [];
  let secondEdge: RoleProcess | undefined;
  const sockets: WebSocket[] = [];

  before(async () => {
    fx = await FlashSaleFixture.start(['auth', 'edge'], { AUTH_SCRYPT_COST: '1024' });
    api = new AuthApi(fx.http);
    const port = await freePort();
    secondEdge = await startRole('edge', { ...fx.ns.env, HTTP_PORT: String(port) });
    wsUrls.push(`${fx.http.baseUrl.replace(/^http/, 'ws')}/ws`, `ws://127.0.0.1:${port}/ws`);
  });
  after(async () => {
    for (const socket of sockets) socket.terminate();
    await secondEdge?.stop();
    await fx?.close();
  });

  /** An upgrade answer: the open socket, or the refusal's HTTP status. */
  function connect(token: string, edge = 0): Promise<OpenSocket | { status: number }> {
    const socket = new WebSocket(wsUrls[edge], [JSON_SUBPROTOCOL, `bearer.${token}`]);
    sockets.push(socket);
    const frames: Record<string, unknown>[] = [];
    let closed: { code: number; reason: string; atMs: number } | undefined;
    socket.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString())));
    socket.on('close', (code: number, reason: Buffer) => (closed = { code, reason: reason.toString(), atMs: Date.now() }));
    const frame = (type: string) => waitFor(() => frames.find((f) => f.type === type), { timeoutMs: 10_000, message: `a ${type} frame` });
    return new Promise((resolve, reject) => {
      socket.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
      socket.once('error', reject);
      socket.once('open', () => {
        frame('hello').then(() => resolve({
          socket,
          closed: () => closed,
          subscribe: (topic) => {
            socket.send(JSON.stringify({ type: 'subscribe', topic, id: topic }));
            return frame('subscribed');
          },
        }), reject);
      });
    });
  }

  async function open(token: string, edge = 0): Promise<OpenSocket> {
    const answer = await connect(token, edge);
    if (!('socket' in answer)) throw new Error(`upgrade refused: ${answer.status}`);
    return answer;
  }

  /** The socket closes with 4003 at most CLOSE_WITHIN_MS after `sinceMs`. */
  async function assertClosedByRevocation(ws: OpenSocket, sinceMs: number, what: string): Promise<void> {
    const closed = await waitFor(() => ws.closed(), { timeoutMs: 10_000, intervalMs: 10, message: `${what}: the socket closed` });
    assert.equal(closed.code, SESSION_REVOKED, `${what}: close code (${closed.reason})`);
    assert.equal(closed.reason, 'session revoked');
    assert.ok(closed.atMs - sinceMs <= CLOSE_WITHIN_MS, `${what}: closed ${closed.atMs - sinceMs} ms after the revocation`);
  }

  it('hostile - logout closes the session\'s sockets with 4003; its token cannot reconnect; other sessions stay', async () => {
    const session = await api.signedInBuyer();
    const bystander = await api.signedInBuyer();
    const first = await open(session.accessToken, 0);
    const second = await open(session.accessToken, 1);
    const other = await open(bystander.accessToken, 1);

    const logout = await api.post('/api/v1/auth/logout', { refreshToken: session.refreshToken });
    assert.equal(logout.status, 200, logout.text);
    const loggedOutAt = Date.now();
    await assertClosedByRevocation(first, loggedOutAt, 'socket on the first edge');
    await assertClosedByRevocation(second, loggedOutAt, 'socket on the second edge');
    assert.deepEqual(await connect(session.accessToken, 0), { status: 401 }, 'the old token reconnects (first edge)');
    assert.deepEqual(await connect(session.accessToken, 1), { status: 401 }, 'the old token reconnects (second edge)');
    assert.equal(other.closed(), undefined, 'another user\'s socket is untouched');
    assert.equal((await other.subscribe('broadcast')).topic, 'broadcast');
  });

  it('hostile - a newer login (single session) closes the older session\'s sockets; the new session\'s stay', async () => {
    const older = await api.signedInBuyer();
    const oldSocket = await open(older.accessToken);
    const newer = (await api.login(older.email)).json() as { accessToken: string };
    const loggedInAt = Date.now();
    await assertClosedByRevocation(oldSocket, loggedInAt, 'older session');
    const newSocket = await open(newer.accessToken);
    assert.equal((await newSocket.subscribe('broadcast')).topic, 'broadcast');
    assert.equal(newSocket.closed(), undefined);
  });

  it('hostile - account deletion closes every socket of the user with 4003; the old token cannot reconnect', async () => {
    const { accessToken } = await api.signedInBuyer();
    const userId = Number(decodeJwt(accessToken).sub);
    const session = await open(accessToken, 0);
    // a token of the user outside any live session (here a session-less one): the deletion ends it too
    const sessionlessToken = await mintAccessToken(fx.ns.config, { userId, roles: ['buyer'] });
    const sessionless = await open(sessionlessToken, 1);
    const body = JSON.stringify({ password: STRONG_PASSWORD });
    const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
    const deleted = await fx.http.send('DELETE', '/api/v1/auth/me', { headers, body });
    assert.equal(deleted.status, 200, deleted.text);
    const deletedAt = Date.now();
    await assertClosedByRevocation(session, deletedAt, 'session socket');
    await assertClosedByRevocation(sessionless, deletedAt, 'session-less socket');
    assert.deepEqual(await connect(accessToken), { status: 401 }, 'the old token reconnects');
    assert.deepEqual(await connect(sessionlessToken, 1), { status: 401 }, 'the session-less token reconnects');
  });
});
