// Account administration on a real edge and auth module: `npm run admin:create` provisions an admin
// (idempotent, promotes an existing account), admins set roles (audited, effective at the next
// refresh; no self-demotion, never the last admin, even with two demotions at once), and a new policy
// version is listed at the users' next login until they accept it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { projectRoot } from '../../engine/platform/config.js';
import { AuthApi, errorCode, STRONG_PASSWORD, uniqueEmail } from '../support/auth-api.js';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';
import { bearer } from '../support/http-client.js';

/** an admin's token without an account row: it never counts as one of the admins in Postgres */
const OUTSIDE_ADMIN_ID = 900_000;

describe('admin accounts (integration)', () => {
  let fx: FlashSaleFixture;
  let api: AuthApi;
  let outsider: string;

  before(async () => {
    fx = await FlashSaleFixture.start(['auth', 'edge']);
    api = new AuthApi(fx.http);
    outsider = await fx.token(OUTSIDE_ADMIN_ID, 'admin');
  });
  after(() => fx?.close());

  async function createAdmin(...args: string[]): Promise<string> {
    const { stdout } = await promisify(execFile)(process.execPath, [join(projectRoot, 'dist/scripts/create-admin.js'), ...args], { env: fx.ns.env });
    return stdout;
  }

  const send = (method: string, path: string, token: string | undefined, body?: unknown) =>
    fx.http.send(method, path, { headers: { ...(token ? bearer(token) : {}), 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const setRoles = (token: string | undefined, userId: number, roles: string[]) => send('PUT', `/api/v1/admin/users/${userId}/roles`, token, { roles, reason: 'test' });
  const adminIds = async (): Promise<number[]> =>
    (await fx.db.query(`SELECT user_id FROM user_roles WHERE role_id = (SELECT id FROM roles WHERE name = 'admin') ORDER BY user_id`)).rows.map((r) => Number(r.user_id));

  it('admin - admin:create creates an admin who can sign in, does nothing the second time, and promotes an existing account', async () => {
    const email = uniqueEmail('boss');
    assert.match(await createAdmin('--email', email, '--password', STRONG_PASSWORD), /^created user \d+ .* with the admin role\n$/);
    const login = await api.login(email);
    assert.equal(login.status, 200, login.text);
    assert.deepEqual(decodeJwt(login.json().accessToken).roles, ['admin']);
    assert.match(await createAdmin('--email', email.toUpperCase()), /is an admin already: nothing changed/);

    const buyerEmail = uniqueEmail('promoted');
    const buyerId = (await api.registerBuyer(buyerEmail)).json().id;
    assert.match(await createAdmin('--email', buyerEmail), new RegExp(`^promoted user ${buyerId} .* to admin`));
    assert.deepEqual(decodeJwt((await api.login(buyerEmail)).json().accessToken).roles, ['buyer', 'admin']);

    const generated = await createAdmin('--email', uniqueEmail('generated'));
    assert.match(generated, /generated password: \S+/);
    await assert.rejects(createAdmin('--email', uniqueEmail('weak'), '--password', 'short'), /admin:create failed/);
    const audit = await fx.db.query(`SELECT actor_id, action, detail->>'outcome' AS outcome FROM admin_audit WHERE action = 'admin.create' ORDER BY id`);
    assert.deepEqual(audit.rows.map((r) => [r.actor_id, r.outcome]), [[null, 'created'], [null, 'promoted'], [null, 'created']]);
  });

  it('admin - roles are set by admins only, audited, and reach the tokens at the next refresh', async () => {
    const email = uniqueEmail('roles');
    const userId = (await api.registerBuyer(email)).json().id;
    const { accessToken, refreshToken } = (await api.login(email)).json();
    assert.equal((await setRoles(undefined, userId, ['buyer', 'admin'])).status, 401);
    const refused = await setRoles(accessToken, userId, ['buyer', 'admin']);
    assert.equal(refused.status, 403);
    assert.equal(errorCode(refused), 'FORBIDDEN');

    const granted = await setRoles(outsider, userId, ['admin', 'buyer']);
    assert.equal(granted.status, 200, granted.text);
    assert.deepEqual(granted.json(), { userId, roles: ['buyer', 'admin'] });
    assert.deepEqual(decodeJwt(accessToken).roles, ['buyer'], 'the token already issued keeps its roles');
    const refreshed = await api.refresh(refreshToken);
    assert.deepEqual(decodeJwt(refreshed.json().accessToken).roles, ['buyer', 'admin']);

    assert.equal(errorCode(await setRoles(outsider, userId, ['buyer', 'seller'])), 'ROLE_CONFLICT');
    assert.equal((await setRoles(outsider, 99_999_999, ['buyer'])).status, 404);
    assert.equal((await setRoles(outsider, userId, ['service'])).status, 400);
    assert.equal((await setRoles(outsider, userId, [])).status, 400);
    const audit = await send('GET', `/api/v1/admin/audit?target=user:${userId}`, outsider);
    assert.deepEqual(audit.json().items.map((e: { action: string; actorId: number; detail: unknown }) => [e.action, e.actorId, e.detail]), [
      ['user.roles', OUTSIDE_ADMIN_ID, { before: ['buyer'], after: ['buyer', 'admin'] }],
    ]);
  });

  it('admin - an admin cannot drop its own admin role, and of two demotions at once of the last two admins exactly one succeeds', async () => {
    const admins = await adminIds();
    assert.ok(admins.length >= 2, `admins so far: ${admins}`);
    const self = await setRoles(await fx.token(admins[0], 'admin'), admins[0], ['buyer']);
    assert.equal(self.status, 409);
    assert.equal(errorCode(self), 'SELF_DEMOTION');
    // down to two admins, then both demoted at the same moment by an admin outside the table
    for (const id of admins.slice(2)) assert.equal((await setRoles(outsider, id, ['buyer'])).status, 200);
    const [a, b] = await Promise.all(admins.slice(0, 2).map((id) => setRoles(outsider, id, ['buyer'])));
    assert.deepEqual([a.status, b.status].sort(), [200, 409], `${a.text} ${b.text}`);
    assert.equal(errorCode(a.status === 409 ? a : b), 'LAST_ADMIN');
    assert.equal((await adminIds()).length, 1, 'one admin is left');
  });

  it('admin - a new policy version is listed at the next login until the user accepts it', async () => {
    const email = uniqueEmail('policy');
    await api.registerBuyer(email);
    assert.equal((await api.login(email)).json().policiesToAccept, undefined, 'nothing new to accept');
    const buyerToken = (await api.login(email)).json().accessToken;
    assert.equal((await send('POST', '/api/v1/admin/policies', buyerToken, { kind: 'terms', body: 'x' })).status, 403);

    const published = await send('POST', '/api/v1/admin/policies', outsider, { kind: 'terms', body: 'Terms of use, second edition.', reason: 'new law' });
    assert.equal(published.status, 201, published.text);
    assert.equal(published.json().version, 2);
    assert.equal(published.json().title, 'Gopang terms of use', 'the title is kept');
    assert.deepEqual(published.json().requiredFor, ['buyer', 'seller']);
    assert.equal((await send('POST', '/api/v1/admin/policies', outsider, { kind: 'review', body: 'Reviews, second edition.' })).status, 201);
    assert.equal((await api.get('/api/v1/policies/terms')).json().version, 2);

    const login = await api.login(email);
    assert.deepEqual(login.json().policiesToAccept, [{ kind: 'terms', version: 2 }], 'the review policy is no buyer\'s duty');
    const token = login.json().accessToken;
    assert.equal((await send('POST', '/api/v1/auth/policies/accept', undefined, { kind: 'terms', version: 2 })).status, 401);
    const stale = await send('POST', '/api/v1/auth/policies/accept', token, { kind: 'terms', version: 1 });
    assert.equal(stale.status, 409);
    assert.equal(errorCode(stale), 'POLICY_NOT_CURRENT');
    const accepted = await send('POST', '/api/v1/auth/policies/accept', token, { kind: 'terms', version: 2 });
    assert.equal(accepted.status, 200, accepted.text);
    assert.deepEqual(accepted.json(), { policiesToAccept: [] });
    assert.equal((await send('POST', '/api/v1/auth/policies/accept', token, { kind: 'terms', version: 2 })).status, 200, 'a repeat is a no-op');
    assert.equal((await api.login(email)).json().policiesToAccept, undefined);
    const audit = await send('GET', '/api/v1/admin/audit?target=policy:terms', outsider);
    assert.deepEqual(audit.json().items.map((e: { action: string; reason: string; detail: unknown }) => [e.action, e.reason, e.detail]), [['policy.publish', 'new law', { version: 2 }]]);
  });
});
