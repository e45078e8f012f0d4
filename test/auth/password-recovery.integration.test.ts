// Password change and reset end to end (edge + auth module + scheduler delivering the mail outbox with
// the development log sender): the change ends the other sessions and counts wrong passwords against
// the lockout; a reset request answers alike for unknown addresses; the mailed token works exactly
// once, also under concurrent confirms; an expired token is refused; requests are throttled.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuthApi, errorCode, STRONG_PASSWORD, uniqueEmail } from '../support/auth-api.js';
import { waitFor } from '../support/eventually.js';
import { bearer } from '../support/http-client.js';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';

const NEW_PASSWORD = 'Battery-Staple-7';

/** The mails the development sender wrote to the scheduler's log for `to`, oldest first. */
function mailsTo(fx: FlashSaleFixture, to: string): string[] {
  return fx.roles.get('scheduler')!.output().split('\n')
    .filter((line) => line.includes('MAIL_SENDER=log'))
    .map((line) => JSON.parse(line) as { to: string; text: string })
    .filter((mail) => mail.to === to)
    .map((mail) => mail.text);
}

function tokenOf(text: string): string {
  const token = /prt_[A-Za-z0-9_-]{43}/.exec(text)?.[0];
  assert.ok(token, `a reset token in:\n${text}`);
  return token;
}

async function mailedToken(fx: FlashSaleFixture, email: string, count = 1): Promise<string> {
  await waitFor(() => mailsTo(fx, email).length >= count, { timeoutMs: 20_000, message: `reset mail ${count} to ${email}` });
  return tokenOf(mailsTo(fx, email)[count - 1]!);
}

describe('password recovery (integration)', () => {
  let fx: FlashSaleFixture;
  let api: AuthApi;
  const requestReset = (email: string) => api.post('/api/v1/auth/password-reset', { email });
  const confirm = (token: string, password = NEW_PASSWORD) => api.post('/api/v1/auth/password-reset/confirm', { token, password });
  const change = (accessToken: string, body: Record<string, unknown>) => api.post('/api/v1/auth/password', body, bearer(accessToken));

  before(async () => {
    // two sessions of one buyer at once (no single-session policy); a short lockout budget
    fx = await FlashSaleFixture.start(['auth', 'edge', 'scheduler'], { AUTH_SINGLE_SESSION_ROLES: 'none', AUTH_LOCKOUT_FAILURES: '4', MAIL_OUTBOX_INTERVAL_MS: '200' });
    api = new AuthApi(fx.http);
  });
  after(() => fx?.close());

  it('auth - a password change ends the other sessions, keeps the caller\'s, and the old password stops working', async () => {
    const { email, accessToken, refreshToken } = await api.signedInBuyer();
    const other = (await api.login(email)).json();
    assert.equal(errorCode(await change(accessToken, { currentPassword: 'Wrong-Password-1', newPassword: NEW_PASSWORD })), 'INVALID_CREDENTIALS');
    const weak = await change(accessToken, { currentPassword: STRONG_PASSWORD, newPassword: 'short' });
    assert.deepEqual([weak.status, errorCode(weak)], [400, 'WEAK_PASSWORD']);
    assert.equal((await change(accessToken, { currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD, extra: 1 })).status, 400);
    assert.equal((await api.post('/api/v1/auth/password', { currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD })).status, 401);

    const changed = await change(accessToken, { currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD });
    assert.equal(changed.status, 200, changed.text);
    assert.deepEqual(changed.json(), { changed: true, revokedSessions: 1 });
    assert.equal(errorCode(await api.refresh(other.refreshToken)), 'INVALID_REFRESH_TOKEN', 'the other session ended');
    await waitFor(async () => (await api.get('/api/v1/auth/me', other.accessToken)).status === 401, { message: 'the other session refused at the edge' });
    assert.equal((await api.get('/api/v1/auth/me', accessToken)).status, 200, 'the caller\'s session stays');
    assert.equal((await api.refresh(refreshToken)).status, 200);
    assert.equal(errorCode(await api.login(email)), 'INVALID_CREDENTIALS');
    assert.equal((await api.login(email, NEW_PASSWORD)).status, 200);
  });

  it('auth - wrong current passwords count against the lockout; a reset clears it', async () => {
    const { email, accessToken } = await api.signedInBuyer();
    const wrong = await Promise.all(Array.from({ length: 6 }, () => change(accessToken, { currentPassword: 'Wrong-Password-1', newPassword: NEW_PASSWORD })));
    assert.deepEqual(wrong.map(errorCode).sort(), ['ACCOUNT_LOCKED', 'ACCOUNT_LOCKED', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS']);
    const locked = await api.login(email);
    assert.deepEqual([locked.status, errorCode(locked)], [423, 'ACCOUNT_LOCKED'], 'even the right password');

    assert.equal((await requestReset(email)).status, 202);
    assert.equal((await confirm(await mailedToken(fx, email))).status, 200);
    assert.equal((await api.login(email, NEW_PASSWORD)).status, 200, 'the reset cleared the lockout');
  });

  it('auth - a reset request answers alike for an unknown address, and no mail goes to it', async () => {
    const known = (await api.signedInBuyer()).email;
    const unknown = uniqueEmail('nobody');
    const [a, b] = [await requestReset(unknown), await requestReset(known)];
    assert.deepEqual([a.status, b.status], [202, 202]);
    assert.equal(a.text, b.text);
    assert.equal(a.headers['cache-control'], b.headers['cache-control']);
    await mailedToken(fx, known);
    const { rows } = await fx.db.query<{ recipient: string }>('SELECT recipient FROM mail_outbox WHERE recipient = ANY($1::text[])', [[known, unknown]]);
    assert.deepEqual(rows.map((r) => r.recipient), [known]);
    assert.deepEqual(mailsTo(fx, unknown), []);
    assert.equal((await requestReset('not-an-address')).status, 400);
  });

  it('auth - the outbox delivers one token; it works once, ends every session, and a newer request voids an older token', async () => {
    const { email, refreshToken } = await api.signedInBuyer();
    assert.equal((await requestReset(email)).status, 202);
    const first = await mailedToken(fx, email);
    assert.equal((await requestReset(email)).status, 202);
    const second = await mailedToken(fx, email, 2);
    assert.notEqual(first, second);
    await new Promise((r) => setTimeout(r, 500)); // a few more delivery runs: still one mail per request
    assert.equal(mailsTo(fx, email).length, 2);
    const { rows } = await fx.db.query<{ status: string; body: string | null }>('SELECT status, body FROM mail_outbox WHERE recipient = $1', [email]);
    assert.deepEqual(rows, [{ status: 'SENT', body: null }, { status: 'SENT', body: null }], 'a sent mail keeps no token');

    assert.deepEqual([(await confirm(first)).status, errorCode(await confirm(first))], [410, 'RESET_TOKEN_EXPIRED'], 'the newer request voided it');
    const weak = await confirm(second, 'weak');
    assert.deepEqual([weak.status, errorCode(weak)], [400, 'WEAK_PASSWORD']);
    const done = await confirm(second);
    assert.equal(done.status, 200, done.text);
    assert.deepEqual(done.json(), { reset: true });
    const again = await confirm(second, 'Another-Password-3');
    assert.deepEqual([again.status, errorCode(again)], [410, 'RESET_TOKEN_EXPIRED']);
    assert.equal(errorCode(await api.refresh(refreshToken)), 'INVALID_REFRESH_TOKEN', 'every session ended');
    assert.equal(errorCode(await api.login(email)), 'INVALID_CREDENTIALS');
    assert.equal((await api.login(email, NEW_PASSWORD)).status, 200);
    assert.deepEqual([(await confirm('prt_never-issued')).status, errorCode(await confirm('prt_never-issued'))], [400, 'RESET_TOKEN_INVALID']);
  });

  it('auth - concurrent confirms of one token: exactly one sets the password', async () => {
    const { email } = await api.signedInBuyer();
    assert.equal((await requestReset(email)).status, 202);
    const token = await mailedToken(fx, email);
    const passwords = Array.from({ length: 8 }, (_, i) => `Concurrent-Pass-${i}x`);
    const answers = await Promise.all(passwords.map((p) => confirm(token, p)));
    const winners = answers.flatMap((a, i) => (a.status === 200 ? [passwords[i]!] : []));
    assert.equal(winners.length, 1, answers.map((a) => `${a.status} ${a.text}`).join('\n'));
    assert.ok(answers.filter((a) => a.status !== 200).every((a) => a.status === 410 && errorCode(a) === 'RESET_TOKEN_EXPIRED'));
    assert.equal((await api.login(email, winners[0])).status, 200);
    // a few of the losing passwords (each wrong one counts against the lockout budget of 4)
    for (const loser of passwords.filter((p) => p !== winners[0]).slice(0, 3)) assert.equal(errorCode(await api.login(email, loser)), 'INVALID_CREDENTIALS');
  });
});

describe('password recovery limits (integration)', () => {
  let fx: FlashSaleFixture;
  let api: AuthApi;
  const requestReset = (email: string) => api.post('/api/v1/auth/password-reset', { email });

  before(async () => {
    fx = await FlashSaleFixture.start(['auth', 'edge', 'scheduler'], {
      AUTH_PASSWORD_RESET_TTL_SEC: '1', AUTH_PASSWORD_RESET_IP_LIMIT: '5', AUTH_PASSWORD_RESET_EMAIL_LIMIT: '2', MAIL_OUTBOX_INTERVAL_MS: '200',
    });
    api = new AuthApi(fx.http);
  });
  after(() => fx?.close());

  it('auth - an expired reset token is refused', async () => {
    const { email } = await api.signedInBuyer();
    assert.equal((await requestReset(email)).status, 202); // 1 of the IP's 5
    const token = await mailedToken(fx, email);
    await new Promise((r) => setTimeout(r, 1_500));
    const late = await api.post('/api/v1/auth/password-reset/confirm', { token, password: NEW_PASSWORD });
    assert.deepEqual([late.status, errorCode(late)], [410, 'RESET_TOKEN_EXPIRED']);
    assert.equal((await api.login(email)).status, 200, 'the password is unchanged');
  });

  it('auth - reset mails are limited per address (silently) and requests per client IP (429)', async () => {
    const { email } = await api.signedInBuyer();
    const answers = await Promise.all([1, 2, 3].map(() => requestReset(email))); // 4 of 5
    assert.deepEqual(answers.map((a) => a.status), [202, 202, 202]);
    await mailedToken(fx, email, 2);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(mailsTo(fx, email).length, 2, 'the third request sent nothing');

    const more = await Promise.all([1, 2, 3].map(() => requestReset(uniqueEmail('nobody'))));
    assert.deepEqual(more.map((a) => a.status).sort(), [202, 429, 429]);
    const refused = more.find((a) => a.status === 429)!;
    assert.equal(errorCode(refused), 'RATE_LIMITED');
    assert.ok(Number(refused.headers['retry-after']) > 0);
  });
});
