// How NATS_URL and its companions become connection options, without a server: credentials come out
// of the URL (nats.js would drop them, or read a numeric password as the port), TLS when asked for,
// and the auth role gets its own user only when one is configured.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { loadConfig } from '../../../engine/platform/config.js';
import { natsConnectionOptions, type NatsEndpoint } from '../../../engine/platform/messaging/nats-connection.js';

const endpoint = (url: string, more: Partial<NatsEndpoint> = {}): NatsEndpoint => ({ url, credsFile: '', caFile: '', ...more });

it('nats connection - a URL without credentials connects anonymously to its host and port', () => {
  assert.deepEqual(natsConnectionOptions(endpoint('nats://127.0.0.1:4222')), { servers: ['127.0.0.1:4222'] });
  assert.deepEqual(natsConnectionOptions(endpoint('127.0.0.1:4222')), { servers: ['127.0.0.1:4222'] });
});

it('nats connection - user and password come out of the URL, decoded, and never become the port', () => {
  assert.deepEqual(natsConnectionOptions(endpoint('nats://engine:12345@127.0.0.1:4223')), {
    servers: ['127.0.0.1:4223'], user: 'engine', pass: '12345',
  });
  assert.deepEqual(natsConnectionOptions(endpoint('nats://ops%40team:p%3Ass@nats-1:4222')), { servers: ['nats-1:4222'], user: 'ops@team', pass: 'p:ss' });
});

it('nats connection - a user without a password is a token', () => {
  assert.deepEqual(natsConnectionOptions(endpoint('nats://s3cret@nats-1:4222')), { servers: ['nats-1:4222'], token: 's3cret' });
});

it('nats connection - several seeds share the credentials one of them carries', () => {
  assert.deepEqual(natsConnectionOptions(endpoint('nats://u:p@nats-1:4222, nats://nats-2:4222')), {
    servers: ['nats-1:4222', 'nats-2:4222'], user: 'u', pass: 'p',
  });
});

it('nats connection - tls:// or a CA file requires TLS', () => {
  assert.deepEqual(natsConnectionOptions(endpoint('tls://nats-1:4222')).tls, {});
  assert.deepEqual(natsConnectionOptions(endpoint('nats://nats-1:4222', { caFile: '/etc/ca.pem' })).tls, { caFile: '/etc/ca.pem' });
  assert.equal(natsConnectionOptions(endpoint('nats://nats-1:4222')).tls, undefined);
});

it('nats connection - a creds file becomes the authenticator', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nats-creds-'));
  try {
    const file = join(dir, 'user.creds');
    writeFileSync(file, '-----BEGIN NATS USER JWT-----\neyJ0eXAiOiJKV1QifQ.e30.sig\n------END NATS USER JWT------\n');
    assert.equal(typeof natsConnectionOptions(endpoint('nats://nats-1:4222', { credsFile: file })).authenticator, 'function');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('nats connection - a malformed URL is refused without echoing it (it may hold a password)', () => {
  assert.throws(() => natsConnectionOptions(endpoint('http://u:hunter2@host:4222')), (err: Error) => !err.message.includes('hunter2') && /server 1/.test(err.message));
  assert.throws(() => natsConnectionOptions(endpoint(' , ')), /names no server/);
});

it('nats connection - the auth role connects as its own user only when one is configured', () => {
  const shared = loadConfig({ NATS_URL: 'nats://engine:a@127.0.0.1:4223' });
  assert.deepEqual(shared.authNats, shared.nats);
  const own = loadConfig({ NATS_URL: 'nats://engine:a@127.0.0.1:4223', AUTH_NATS_URL: 'nats://auth:b@127.0.0.1:4223', NATS_CREDS_FILE: '/engine.creds' });
  assert.deepEqual(own.authNats, { url: 'nats://auth:b@127.0.0.1:4223', credsFile: '', caFile: '' });
  assert.equal(loadConfig({ AUTH_NATS_CREDS_FILE: '/auth.creds' }).authNats.credsFile, '/auth.creds');
});
