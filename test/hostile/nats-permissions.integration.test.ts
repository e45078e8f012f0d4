// The private NATS the bootstrap starts (scripts/nats-users.mjs) against forged messages (issue #15
// finding 7): no client gets in without a password; only the auth role may answer or overhear auth
// requests (logins, refresh tokens) and announce revoked sessions or key rotations; the auth role
// itself cannot publish sold-out, reopened, push or order subjects. Runs on its own private server,
// whatever NATS the rest of the suite uses.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Msg, NatsConnection } from '@nats-io/transport-node';
import { authRequestSubject, jwksChangedSubject, sessionsRevokedSubject } from '../../engine/auth/auth-subjects.js';
import { orderAdvanceSubject } from '../../engine/orders/order-queue.js';
import { loadConfig, type EngineConfig } from '../../engine/platform/config.js';
import { connectNats } from '../../engine/platform/messaging/nats-connection.js';
import { reopenedSubject, soldOutSubject, userPushSubject } from '../../engine/sale/sale-subjects.js';
import { waitFor } from '../support/eventually.js';
import { startPrivateService, type PrivateService } from '../support/private-services.js';

const ns = `p${randomBytes(4).toString('hex')}`;

/** A connection and the permission violations the server reported to it. */
interface Client {
  nc: NatsConnection;
  violations: string[];
}

async function client(endpoint: EngineConfig['nats']): Promise<Client> {
  const nc = await connectNats(endpoint);
  const violations: string[] = [];
  void (async () => {
    for await (const status of nc.status()) if (status.type === 'error') violations.push(status.error.message);
  })();
  return { nc, violations };
}

/** Every message a subscription gets; a refused subscription shows as its error. */
function listen(c: Client, subject: string): { subjects: string[]; error?: Error } {
  const seen: { subjects: string[]; error?: Error } = { subjects: [] };
  c.nc.subscribe(subject, {
    callback: (err: Error | null, msg: Msg) => {
      if (err) seen.error = err;
      else seen.subjects.push(msg.subject);
    },
  });
  return seen;
}

/** The server handled everything each client sent before, in this order: what was delivered, was. */
async function settled(...clients: Client[]): Promise<void> {
  for (const c of clients) await c.nc.flush();
}

describe('hostile NATS permissions (integration)', () => {
  let nats: { service: PrivateService; close(): Promise<void> };
  let config: EngineConfig;
  let engine: Client;
  let edge: Client;
  let auth: Client;

  before(async () => {
    nats = await startPrivateService('nats');
    config = loadConfig({ ...nats.service.env(), ENGINE_NAMESPACE: ns });
    [engine, edge, auth] = await Promise.all([client(config.nats), client(config.nats), client(config.authNats)]);
  });
  after(async () => {
    await Promise.all([engine, edge, auth].map((c) => c?.nc.close()));
    await nats?.close();
  });

  it('hostile - the private NATS refuses a client without credentials or with a wrong password', async () => {
    await assert.rejects(connectNats({ ...config.nats, url: `nats://127.0.0.1:${nats.service.port}` }), { name: 'AuthorizationError' });
    await assert.rejects(connectNats({ ...config.nats, url: `nats://engine:guessed@127.0.0.1:${nats.service.port}` }), { name: 'AuthorizationError' });
    assert.notEqual(config.nats.url, config.authNats.url, 'the auth role has a user of its own');
  });

  it('hostile - only the auth role answers or overhears auth requests (logins, refresh tokens)', async () => {
    const login = authRequestSubject(ns, 'login');
    const refused = listen(engine, login);
    const everything = listen(engine, '>');
    const answered = listen(auth, `${ns}.auth.>`);
    auth.nc.subscribe(login, { callback: (_err, msg) => void msg.respond('answered by auth') });
    await settled(engine, auth);
    const reply = await edge.nc.request(login, JSON.stringify({ email: 'a@b.c', password: 'secret' }), { timeout: 5_000 });
    assert.equal(reply.string(), 'answered by auth');
    edge.nc.publish(soldOutSubject(ns, 1)); // an allowed subject: the wildcard listener does work
    await settled(edge, engine, auth);
    await waitFor(() => refused.error, { message: 'the refused subscription to auth requests' });
    assert.match(refused.error!.message, /Permissions Violation for Subscription/);
    assert.deepEqual(refused.subjects, []);
    assert.deepEqual(everything.subjects.filter((s) => s.startsWith(`${ns}.`)), [soldOutSubject(ns, 1)], 'a wildcard subscriber never sees an auth request');
    assert.deepEqual(answered.subjects, [login]);
  });

  it('hostile - revoked sessions and key rotations are announced by the auth role only', async () => {
    const revoked = listen(edge, sessionsRevokedSubject(ns));
    const rotated = listen(edge, jwksChangedSubject(ns));
    await settled(edge);
    engine.nc.publish(sessionsRevokedSubject(ns), JSON.stringify(['00000000-0000-4000-8000-000000000000']));
    engine.nc.publish(jwksChangedSubject(ns), 'forged-kid');
    await settled(engine, edge);
    assert.deepEqual([...revoked.subjects, ...rotated.subjects], [], 'forged announcements reach no edge');
    await waitFor(() => engine.violations.filter((v) => /Permissions Violation for Publish to ".*\.authevents\./.test(v)).length === 2, {
      message: () => `two refused publishes, got ${JSON.stringify(engine.violations)}`,
    });
    auth.nc.publish(sessionsRevokedSubject(ns), JSON.stringify([]));
    auth.nc.publish(jwksChangedSubject(ns), 'kid');
    await settled(auth, edge);
    assert.deepEqual([...revoked.subjects, ...rotated.subjects], [sessionsRevokedSubject(ns), jwksChangedSubject(ns)]);
  });

  it('hostile - the auth role cannot forge sold-out, reopened, push or order messages', async () => {
    const seen = listen(edge, `${ns}.>`);
    await settled(edge);
    const forged = [soldOutSubject(ns, 7), reopenedSubject(ns, 7), userPushSubject(ns, 42), orderAdvanceSubject(ns)];
    for (const subject of forged) auth.nc.publish(subject, '{}');
    await settled(auth, edge);
    assert.deepEqual(seen.subjects, [], 'nothing the auth role may not publish is delivered');
    await waitFor(() => forged.every((s) => auth.violations.some((v) => v.includes(`"${s}"`))), {
      message: () => `every forged publish refused, got ${JSON.stringify(auth.violations)}`,
    });
    engine.nc.publish(soldOutSubject(ns, 7)); // the engine's roles announce sold-out
    await settled(engine, edge);
    assert.deepEqual(seen.subjects, [soldOutSubject(ns, 7)]);
  });
});
