// TRUSTED_PROXIES parsing, the client address behind proxies, and the per-IP limit key (IPv6 by /64).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClientAddress, normalizeIp, parseTrustedProxies, rateLimitKey } from '../../engine/platform/client-address.js';
import { loadConfig } from '../../engine/platform/config.js';
import { requestIdOf } from '../../edge/http/request-id.js';

describe('client address', () => {
  it('client address - TRUSTED_PROXIES takes IPv4 and IPv6 addresses and CIDRs, refuses anything else', () => {
    const list = parseTrustedProxies(' 10.0.0.0/8, 192.168.1.7 ,2001:db8::/32,::1');
    assert.equal(list.check('10.200.3.4', 'ipv4'), true);
    assert.equal(list.check('192.168.1.7', 'ipv4'), true);
    assert.equal(list.check('192.168.1.8', 'ipv4'), false);
    assert.equal(list.check('2001:db8:ffff::1', 'ipv6'), true);
    assert.equal(list.check('::1', 'ipv6'), true);
    assert.equal(list.check('2001:db9::1', 'ipv6'), false);
    for (const bad of ['10.0.0.0/33', 'example.com', '10.0.0.1/8/1', '10.0.0/8', '::1/129', '10.0.0.0/x', '10.0.0.0/']) {
      assert.throws(() => parseTrustedProxies(bad), /TRUSTED_PROXIES/, bad);
      assert.throws(() => loadConfig({ TRUSTED_PROXIES: bad }), /TRUSTED_PROXIES/, bad);
    }
    assert.doesNotThrow(() => parseTrustedProxies(''));
  });

  it('client address - X-Forwarded-For is read only from a trusted peer, from the right, up to the first untrusted hop', () => {
    const behind = new ClientAddress('10.0.0.0/8, 2001:db8::/32');
    assert.equal(behind.resolve('198.51.100.9', '203.0.113.5'), '198.51.100.9', 'an untrusted peer is the client');
    assert.equal(behind.resolve('10.0.0.2', ''), '10.0.0.2', 'a proxy without X-Forwarded-For');
    assert.equal(behind.resolve('10.0.0.2', '203.0.113.5'), '203.0.113.5');
    assert.equal(behind.resolve('10.0.0.2', '1.1.1.1, 203.0.113.5, 10.0.0.7'), '203.0.113.5', 'a spoofed left part is ignored');
    assert.equal(behind.resolve('10.0.0.2', '10.9.9.9, 10.0.0.7'), '10.9.9.9', 'every hop trusted: the leftmost');
    assert.equal(behind.resolve('10.0.0.2', 'garbage, 203.0.113.5'), '203.0.113.5');
    assert.equal(behind.resolve('10.0.0.2', '203.0.113.5, garbage'), '10.0.0.2', 'a garbled hop stops the walk');
    assert.equal(behind.resolve('2001:db8::1', '2001:db9::5'), '2001:db9::5', 'IPv6 proxies and clients');
    assert.equal(behind.resolve('0000:0000:0000:0000:0000:ffff:0a00:0002', '203.0.113.5'), '203.0.113.5', 'an IPv4-mapped peer');
    const direct = new ClientAddress('');
    assert.equal(direct.resolve('10.0.0.2', '203.0.113.5'), '10.0.0.2', 'no trusted proxies: the header is ignored');
  });

  it('client address - limits count IPv4 by address and IPv6 by /64; IPv4-mapped IPv6 is IPv4', () => {
    assert.equal(normalizeIp('0000:0000:0000:0000:0000:ffff:7f00:0001'), '127.0.0.1');
    assert.equal(normalizeIp('::ffff:192.0.2.1'), '192.0.2.1');
    assert.equal(normalizeIp('2001:db8::1'), '2001:db8::1');
    assert.equal(rateLimitKey('203.0.113.5'), '203.0.113.5');
    assert.equal(rateLimitKey('2001:db8:1:2::1'), '2001:0db8:0001:0002::/64');
    assert.equal(rateLimitKey('2001:db8:1:2:ffff:ffff:ffff:ffff'), rateLimitKey('2001:0db8:0001:0002::1'), 'one /64, one key');
    assert.notEqual(rateLimitKey('2001:db8:1:3::1'), rateLimitKey('2001:db8:1:2::1'));
    assert.equal(rateLimitKey('::1'), '0000:0000:0000:0000::/64');
  });

  it('client address - CORS_ORIGINS takes origins only', () => {
    assert.deepEqual(loadConfig({ CORS_ORIGINS: 'https://shop.example, http://localhost:3000' }).http.corsOrigins, ['https://shop.example', 'http://localhost:3000']);
    assert.deepEqual(loadConfig({}).http.corsOrigins, []);
    for (const bad of ['https://shop.example/', 'shop.example', '*', 'https://shop.example/app']) assert.throws(() => loadConfig({ CORS_ORIGINS: bad }), /CORS_ORIGINS/, bad);
  });

  it('request id - a safe id of up to 128 characters is kept, anything else replaced by a fresh one', () => {
    assert.equal(requestIdOf('abc-123_x.y:z'), 'abc-123_x.y:z');
    assert.equal(requestIdOf('a'.repeat(128)), 'a'.repeat(128));
    const fresh = [requestIdOf(undefined), requestIdOf(''), requestIdOf('a'.repeat(129)), requestIdOf('bad"id'), requestIdOf('x y'), requestIdOf('é')];
    assert.equal(new Set(fresh).size, fresh.length, 'each generated id is new');
    for (const id of fresh) assert.match(id, /^[0-9a-f]{8}-[0-9a-z]+$/);
  });
});
