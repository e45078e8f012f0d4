// POST /api/v1/admin/broadcasts: only an admin publishes, the body is checked, and the message reaches
// every client holding `broadcast`, on every edge, once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Role } from '../../engine/auth/roles.js';
import { bearer } from '../support/http-client.js';
import { waitFor } from '../support/eventually.js';
import { PushFixture } from '../support/push-fixture.js';

describe('broadcast (integration)', () => {
  let fx: PushFixture;

  before(async () => {
    fx = await PushFixture.start(2);
  });
  after(async () => {
    await fx?.close();
  });

  async function post(body: string, roles?: Role[]) {
    const auth = roles ? bearer(await fx.token(1, roles)) : {};
    const answer = await fx.http[0].send('POST', '/api/v1/admin/broadcasts', { headers: { ...auth, 'content-type': 'application/json' }, body });
    return { status: answer.status, body: answer.json() };
  }

  it('push - an admin broadcast reaches the clients of every edge; anyone else and bad bodies are refused', async () => {
    const onA = await fx.client(0, 701);
    const onB = await fx.client(1, 702);
    const notListening = await fx.client(1, 703);
    await onA.client.subscribe('broadcast');
    await onB.client.subscribe('broadcast');

    const message = JSON.stringify({ message: 'The sale opens at 10:00' });
    const refusals: [string, () => ReturnType<typeof post>, number, string][] = [
      ['no token', () => post(message), 401, 'UNAUTHENTICATED'],
      ['a buyer', () => post(message, ['buyer']), 403, 'FORBIDDEN'],
      ['a seller', () => post(message, ['seller']), 403, 'FORBIDDEN'],
      ['empty message', () => post('{"message":""}', ['admin']), 400, 'INVALID_INPUT'],
      ['blank message', () => post('{"message":" \\n\\t"}', ['admin']), 400, 'INVALID_INPUT'],
      ['too long', () => post(JSON.stringify({ message: 'x'.repeat(1001) }), ['admin']), 400, 'INVALID_INPUT'],
      ['not a string', () => post('{"message":42}', ['admin']), 400, 'INVALID_INPUT'],
      ['unknown field', () => post('{"message":"hi","topic":"user.1"}', ['admin']), 400, 'INVALID_INPUT'],
      ['missing message', () => post('{}', ['admin']), 400, 'INVALID_INPUT'],
      ['malformed JSON', () => post('{"message":', ['admin']), 400, 'MALFORMED_JSON'],
    ];
    for (const [name, send, status, code] of refusals) {
      const answer = await send();
      assert.deepEqual([answer.status, answer.body.error?.code], [status, code], name);
    }

    const sent = await post(message, ['admin']);
    assert.equal(sent.status, 202);
    assert.ok(!Number.isNaN(Date.parse(sent.body.sentAt)), JSON.stringify(sent.body));
    await waitFor(() => onA.events.length > 0 && onB.events.length > 0, { message: 'the broadcast on both edges' });
    const expected = [{ topic: 'broadcast', data: { type: 'broadcast', message: 'The sale opens at 10:00', sentAt: sent.body.sentAt } }];
    // a refused request published nothing: the one broadcast is the first and only event
    assert.deepEqual(onA.events, expected);
    assert.deepEqual(onB.events, expected);
    assert.deepEqual(notListening.events, [], 'only holders of the topic get it');
  });
});
