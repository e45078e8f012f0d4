// Unit rules of the OAuth provider: the issuer (PUBLIC_URL) and which redirect URIs a client may register.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { isAcceptableRedirectUri } from '../../engine/auth/oauth-clients.js';
import { loadConfig } from '../../engine/platform/config.js';

it('oauth - PUBLIC_URL is the issuer: by default the edge address, never with a trailing slash, always an http(s) origin', () => {
  const env = { ...process.env, PUBLIC_URL: '' };
  assert.equal(loadConfig({ ...env, HTTP_HOST: '127.0.0.1', HTTP_PORT: '8123' }).jwt.issuer, 'http://127.0.0.1:8123');
  assert.equal(loadConfig({ ...env, HTTP_HOST: '::1', HTTP_PORT: '8123' }).publicUrl, 'http://[::1]:8123');
  const behindProxy = loadConfig({ ...env, PUBLIC_URL: 'https://shop.example.com/' });
  assert.deepEqual([behindProxy.publicUrl, behindProxy.jwt.issuer], ['https://shop.example.com', 'https://shop.example.com']);
  for (const bad of ['gopang-auth', 'https://example.com/gopang', 'ftp://example.com', 'https://example.com/?a=1', 'https://example.com/#x', 'https://u:p@example.com']) {
    assert.throws(() => loadConfig({ ...env, PUBLIC_URL: bad }), /PUBLIC_URL/, bad);
  }
});

it('oauth - redirect URIs: https, http only to the loopback, private-use schemes with a dot; never a fragment', () => {
  for (const ok of ['https://seller.example.com/callback', 'https://a.example/cb?tenant=1', 'http://127.0.0.1:3000/cb', 'http://localhost/cb', 'http://[::1]:8080/cb', 'com.gopang.app:/oauth']) {
    assert.ok(isAcceptableRedirectUri(ok), ok);
  }
  for (const bad of ['http://evil.example/cb', 'https://a.example/cb#frag', 'javascript:alert(1)', 'data:text/html,x', 'myapp:/cb', 'not a url', 'https://u:p@a.example/cb', 'https://a.example/c b', '/relative']) {
    assert.ok(!isAcceptableRedirectUri(bad), bad);
  }
});
