// Counselling chat across two edges: a message sent on edge A is stored once and arrives live on
// edge B; history pages by ?cursor=; unread counts follow the read marker; rooms are members-only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PushError } from '../../client/src/push-client.js';
import type { ChatMessage, ChatRoomView } from '../../engine/push/push-types.js';
import { bearer } from '../support/http-client.js';
import { waitFor } from '../support/eventually.js';
import { PushFixture } from '../support/push-fixture.js';

const BUYER = 801;
const SELLER = 802;
const OUTSIDER = 803;

describe('counselling chat (integration)', () => {
  let fx: PushFixture;
  let roomId: number;

  before(async () => {
    fx = await PushFixture.start(2, { WS_MAX_MESSAGES_PER_SEC: '200' });
  });
  after(async () => {
    await fx?.close();
  });

  async function rest(edge: number, method: string, path: string, userId: number, roles: ('buyer' | 'seller' | 'admin')[], body?: unknown) {
    const headers = { ...bearer(await fx.token(userId, roles)), 'content-type': 'application/json' };
    return fx.http[edge].send(method, path, { headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  it('chat - a buyer opens one room per seller and subject; bad requests get their codes', async () => {
    const open = { kind: 'buyer_seller', counterpartId: SELLER, subjectRef: 'item:55' };
    const created = await rest(0, 'POST', '/api/v1/chat/rooms', BUYER, ['buyer'], open);
    assert.equal(created.status, 201, created.text);
    const room = created.json() as ChatRoomView;
    roomId = room.id;
    assert.deepEqual(room.members, [{ userId: BUYER, role: 'buyer' }, { userId: SELLER, role: 'seller' }]);
    const again = await rest(1, 'POST', '/api/v1/chat/rooms', BUYER, ['buyer'], open);
    assert.equal(again.status, 200);
    assert.equal(again.json().id, roomId, 'the same room');
    const cases: [string, number, ('buyer' | 'seller' | 'admin')[], unknown, number, string][] = [
      ['seller cannot open buyer_admin', SELLER, ['seller'], { kind: 'buyer_admin', counterpartId: 1 }, 403, 'FORBIDDEN'],
      ['unknown kind', BUYER, ['buyer'], { kind: 'friends', counterpartId: 1 }, 400, 'INVALID_INPUT'],
      ['with oneself', BUYER, ['buyer'], { kind: 'buyer_seller', counterpartId: BUYER }, 400, 'INVALID_INPUT'],
      ['unknown field', BUYER, ['buyer'], { ...open, extra: 1 }, 400, 'INVALID_INPUT'],
    ];
    for (const [name, userId, roles, body, status, code] of cases) {
      const answer = await rest(0, 'POST', '/api/v1/chat/rooms', userId, roles, body);
      assert.equal(answer.status, status, `${name}: ${answer.text}`);
      assert.equal(answer.json().error.code, code, name);
    }
    const sellerRooms = (await rest(1, 'GET', '/api/v1/chat/rooms', SELLER, ['seller'])).json().items as ChatRoomView[];
    assert.deepEqual(sellerRooms.map((r) => r.id), [roomId]);
    assert.equal((await rest(0, 'GET', '/api/v1/chat/rooms', OUTSIDER, ['buyer'])).json().items.length, 0);
  });

  it('chat - a message sent on edge A reaches the other member on edge B, stored once', async () => {
    const buyer = await fx.client(0, BUYER);
    const seller = await fx.client(1, SELLER, { roles: ['seller'] });
    const outsider = await fx.client(1, OUTSIDER);
    await buyer.client.subscribe(`chat.${roomId}`);
    await seller.client.subscribe(`chat.${roomId}`);
    await assert.rejects(outsider.client.subscribe(`chat.${roomId}`), (err: PushError) => err.code === 'NOT_FOUND');
    await assert.rejects(outsider.client.sendChat(roomId, 'let me in'), (err: PushError) => err.code === 'NOT_FOUND');

    const sent = await buyer.client.sendChat(roomId, '안녕하세요, is item 55 in stock?');
    await waitFor(() => seller.events.some((e) => e.topic === `chat.${roomId}`), { message: 'seller got it live' });
    const live = seller.events.find((e) => e.topic === `chat.${roomId}`)!.data as ChatMessage & { type: string };
    assert.deepEqual(live, { type: 'chat.message', ...sent });
    await waitFor(() => seller.events.some((e) => e.topic === `user.${SELLER}`), { message: 'notice on the seller user topic' });
    assert.deepEqual(seller.events.find((e) => e.topic === `user.${SELLER}`)!.data, { type: 'chat.notice', roomId, messageId: sent.id });
    await waitFor(() => buyer.events.some((e) => e.topic === `chat.${roomId}`), { message: 'sender sees its own message on the room topic' });
    assert.ok(!buyer.events.some((e) => e.topic === `user.${BUYER}`), 'no notice to the sender');
    const stored = await fx.db.query('SELECT count(*)::int AS n FROM chat_messages WHERE room_id = $1', [roomId]);
    assert.equal(stored.rows[0].n, 1, 'stored exactly once');
    assert.equal(outsider.events.length, 0);
  });

  it('chat - history pages with ?cursor= and unread counts follow the read marker', async () => {
    const buyer = await fx.client(0, BUYER);
    for (let i = 1; i <= 24; i++) await buyer.client.sendChat(roomId, `message ${i}`);
    const pages: ChatMessage[][] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '?limit=10' : `?limit=10&cursor=${cursor}`;
      const answer = await rest(1, 'GET', `/api/v1/chat/rooms/${roomId}/messages${query}`, SELLER, ['seller']);
      assert.equal(answer.status, 200, answer.text);
      const page = answer.json() as { items: ChatMessage[]; next: string | null };
      pages.push(page.items);
      cursor = page.next;
    } while (cursor !== null && pages.length < 10);
    assert.deepEqual(pages.map((p) => p.length), [10, 10, 5]);
    const all = pages.flat();
    const ids = all.map((m) => m.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
    assert.equal(new Set(ids).size, 25, 'no message twice, none missing');
    assert.equal(all[0].text, 'message 24');
    assert.equal(all[24].text, '안녕하세요, is item 55 in stock?');

    const unread = async (userId: number, roles: ('buyer' | 'seller')[]) =>
      ((await rest(0, 'GET', '/api/v1/chat/rooms', userId, roles)).json().items as ChatRoomView[])[0].unread;
    assert.equal(await unread(SELLER, ['seller']), 25);
    assert.equal(await unread(BUYER, ['buyer']), 0, 'own messages are never unread');
    const marked = await rest(1, 'POST', `/api/v1/chat/rooms/${roomId}/read`, SELLER, ['seller'], { lastReadId: ids[10] });
    assert.equal(marked.json().unread, 10);
    await rest(1, 'POST', `/api/v1/chat/rooms/${roomId}/read`, SELLER, ['seller'], { lastReadId: ids[20] });
    assert.equal(await unread(SELLER, ['seller']), 10, 'the marker never goes back');

    const cases: [string, string, number, string][] = [
      ['outsider reads history', `/api/v1/chat/rooms/${roomId}/messages`, 404, 'NOT_FOUND'],
      ['bad before', `/api/v1/chat/rooms/${roomId}/messages?before=abc`, 400, 'INVALID_CURSOR'],
      ['bad cursor', `/api/v1/chat/rooms/${roomId}/messages?cursor=abc`, 400, 'INVALID_CURSOR'],
      ['limit too large', `/api/v1/chat/rooms/${roomId}/messages?limit=1000`, 400, 'INVALID_INPUT'],
    ];
    for (const [name, path, status, code] of cases) {
      const userId = name.startsWith('outsider') ? OUTSIDER : SELLER;
      const answer = await rest(0, 'GET', path, userId, ['seller']);
      assert.equal(answer.status, status, `${name}: ${answer.text}`);
      assert.equal(answer.json().error.code, code, name);
    }
  });
});
