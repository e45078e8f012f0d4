// A process that can publish on NATS is not an administrator (issue #15 finding 7): the auth module's
// administration requests (service clients, OAuth clients, key rotation) sent straight to its NATS
// subjects without an admin's access token are refused, and nothing is created, deleted or rotated.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { NatsConnection } from '@nats-io/transport-node';
import { authRequestSubject, type AuthOperation } from '../../engine/auth/auth-subjects.js';
import { grantRole } from '../../engine/auth/user-store.js';
import { connectNats } from '../../engine/platform/messaging/nats-connection.js';
import { AuthApi, uniqueEmail } from '../support/auth-api.js';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';
import { bearer } from '../support/http-client.js';
import { snapshotRows } from './hostile-support.js';

type RawReply = { ok: true; value: unknown } | { ok: false; code: string; message: string };

describe('hostile NATS publisher (integration)', () => {
  let fx: FlashSaleFixture;
  let nc: NatsConnection;
  let admin: string;
  let victimClientId: string;

  before(async () => {
    fx = await FlashSaleFixture.start(['auth', 'edge'], { AUTH_SCRYPT_COST: '1024' });
    nc = await connectNats(fx.ns.config.nats);
    admin = await fx.token(1, 'admin');
    // an OAuth client the publisher will try to delete
    const created = await fx.http.send('POST', '/api/v1/admin/oauth-clients', {
      headers: { ...bearer(admin), 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'shop app', type: 'public', redirectUris: ['https://shop.example/cb'], scopes: ['openid'] }),
    });
    assert.equal(created.status, 201, created.text);
    victimClientId = created.json().clientId;
  });
  after(async () => {
    await nc?.close();
    await fx?.close();
  });

  /** A request as any NATS publisher can send it, straight to the auth module's subject. */
  async function raw(op: AuthOperation, request: Record<string, unknown>): Promise<RawReply> {
    const msg = await nc.request(authRequestSubject(fx.ns.config.namespace, op), JSON.stringify(request), { timeout: 10_000 });
    return msg.json<RawReply>();
  }

  const requests: [AuthOperation, Record<string, unknown>][] = [
    ['createClient', { name: 'rogue', scopes: ['order:intake', 'payment:write'] }],
    ['rotateKey', {}],
    ['createOAuthClient', { name: 'rogue', type: 'confidential', redirectUris: ['https://evil.example/cb'], scopes: ['openid', 'offline_access'] }],
    ['listOAuthClients', {}],
    ['deleteOAuthClient', { clientId: 'victim' }],
  ];

  it('hostile - administration requests published on NATS without an admin token are refused and change nothing', async () => {
    const rows = await snapshotRows(fx.db);
    const keys = await readFile(fx.ns.config.jwt.jwksFile, 'utf8');
    const buyer = await fx.token(900_200, 'buyer');
    const callers: [string, Record<string, unknown>, string][] = [
      ['no token', {}, 'UNAUTHENTICATED'],
      ['a garbage token', { callerToken: 'not.a.token' }, 'UNAUTHENTICATED'],
      ['a buyer token', { callerToken: buyer }, 'FORBIDDEN'],
    ];
    for (const [who, credentials, code] of callers) {
      for (const [op, request] of requests) {
        const body = op === 'deleteOAuthClient' ? { clientId: victimClientId } : request;
        const reply = await raw(op, { ...body, ...credentials });
        assert.equal(reply.ok, false, `${op} with ${who} was answered: ${JSON.stringify(reply).slice(0, 300)}`);
        assert.equal(reply.ok === false && reply.code, code, `${op} with ${who}`);
      }
    }
    assert.deepEqual(await snapshotRows(fx.db), rows, 'no client created or deleted');
    assert.equal(await readFile(fx.ns.config.jwt.jwksFile, 'utf8'), keys, 'the signing key was not rotated');
  });

  it('hostile - the same publisher holding an admin token is served: the token, not NATS access, is the authority', async () => {
    const reply = await raw('listOAuthClients', { callerToken: admin });
    assert.equal(reply.ok, true, JSON.stringify(reply));
    const clients = (reply as { value: { items: { clientId: string }[] } }).value.items;
    assert.deepEqual(clients.map((c) => c.clientId), [victimClientId]);
  });

  it('hostile - the access token of a logged-out admin session no longer administers, even straight over NATS', async () => {
    const api = new AuthApi(fx.http);
    const email = uniqueEmail('admin');
    const registered = await api.registerBuyer(email);
    assert.equal(registered.status, 201, registered.text);
    await grantRole(fx.db, registered.json().id, 'admin');
    const login = await api.login(email);
    assert.equal(login.status, 200, login.text);
    const { accessToken, refreshToken } = login.json();
    assert.equal((await raw('listOAuthClients', { callerToken: accessToken })).ok, true, 'the signed-in admin is served');
    assert.equal((await api.post('/api/v1/auth/logout', { refreshToken })).status, 200);
    const reply = await raw('listOAuthClients', { callerToken: accessToken });
    assert.deepEqual(reply.ok === false && reply.code, 'UNAUTHENTICATED', JSON.stringify(reply));
  });
});
