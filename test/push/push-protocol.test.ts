// Pure parts of the push protocol: which topics exist, and what an upgrade's subprotocol list offers.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { pushSubject } from '../../engine/push/push-subjects.js';
import { parseTopic, userTopic } from '../../engine/push/push-topics.js';
import { userPushSubject } from '../../engine/sale/sale-subjects.js';
import { readOffer } from '../../edge/push/ws-upgrade.js';

it('push - topics are parsed strictly, so every one is a safe NATS subject tail', () => {
  assert.deepEqual(parseTopic('user.42'), { kind: 'user', id: '42' });
  assert.deepEqual(parseTopic('broadcast'), { kind: 'broadcast', id: '' });
  assert.deepEqual(parseTopic('order.0192e4b2-7c1a-7e3b-9f00-1234567890ab'), { kind: 'order', id: '0192e4b2-7c1a-7e3b-9f00-1234567890ab' });
  for (const bad of ['user.0', 'user.-1', 'user.1.2', 'user.*', 'sale.>', 'chat.1 2', 'order.42', 'broadcast.1', 'admin.1', 'user.', '', 'user.99999999999999999']) {
    assert.equal(parseTopic(bad), undefined, bad);
  }
});

it('push - the subprotocol list picks the codec and may carry the token', () => {
  assert.deepEqual(readOffer('gopang.msgpack.v1, bearer.a.b.c', ''), { codec: 'msgpack', protocol: 'gopang.msgpack.v1', token: 'a.b.c' });
  assert.deepEqual(readOffer('gopang.json.v1', 'Bearer x.y.z'), { codec: 'json', protocol: 'gopang.json.v1', token: 'x.y.z' });
  assert.deepEqual(readOffer('', ''), { codec: 'json', protocol: '', token: undefined });
  assert.equal(readOffer('bearer.', '').token, undefined);
  assert.equal(readOffer('gopang.json.v1, bearer.p.q.r', 'Bearer h.i.j').token, 'h.i.j', 'the header wins');
});

it('push - a user topic travels on the subject workers publish ticket statuses to', () => {
  assert.equal(pushSubject('gopang', userTopic(42)), userPushSubject('gopang', 42));
});
