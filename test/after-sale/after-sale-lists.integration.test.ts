// Returns and exchanges as their owners see them, through the edge: a buyer lists and withdraws only
// their own, a seller lists only its own sellers' requests; keyset paging; withdrawal until the pickup,
// also when it races the seller's pickup.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { errorCode } from '../support/auth-api.js';
import { AfterSaleFixture, type Scene, type Shop } from './after-sale-fixture.js';

interface Listed {
  items: { id: number; kind: string; userId: number; sellerId: number; status: string }[];
  next: string | null;
}

describe('after-sale lists and withdrawal (integration)', () => {
  let scene: Scene;
  let otherShop: Shop;

  before(async () => {
    scene = await (await AfterSaleFixture.start()).scene();
    otherShop = await scene.fx.shop();
  });
  after(async () => {
    await scene?.fx.close();
  });

  interface Party {
    userId: number;
    token: string;
  }

  async function newBuyer(name: string): Promise<Party> {
    const userId = await scene.fx.user(name);
    return { userId, token: await scene.fx.token(userId, 'buyer') };
  }

  /** `count` delivered items of the shop bought by the party, each asked back as `kind`; answers the request ids. */
  async function requests(party: Party, of: Shop, kind: 'returns' | 'exchanges', count: number): Promise<number[]> {
    const { fx } = scene;
    const { itemIds } = await fx.order(party.userId, of, Array.from({ length: count }, () => ({ unitPrice: 1_000 })));
    const ids: number[] = [];
    for (const orderItemId of itemIds) ids.push((await fx.expect(201, 'POST', `/api/v1/${kind}`, party.token, { orderItemId, reason: 'DEFECTIVE', pickupAddress: 'Seoul' })).id);
    return ids;
  }

  it('lists - a buyer pages through their own returns and exchanges only, newest first', async () => {
    const { fx, shop, buyerId, buyer, seller } = scene;
    const me = { userId: buyerId, token: buyer };
    const other = await newBuyer('Park Other');
    const returns = await requests(me, shop, 'returns', 3);
    const exchanges = await requests(me, otherShop, 'exchanges', 1);
    const othersReturns = await requests(other, shop, 'returns', 2);

    const first: Listed = await fx.expect(200, 'GET', '/api/v1/returns?limit=2', buyer);
    assert.deepEqual(first.items.map((r) => r.id), [returns[2], returns[1]]);
    assert.ok(first.next, 'another page follows');
    const second: Listed = await fx.expect(200, 'GET', `/api/v1/returns?limit=2&cursor=${first.next}`, buyer);
    assert.deepEqual(second.items.map((r) => r.id), [returns[0]]);
    assert.equal(second.next, null, 'the last page has no next');
    const legacy: Listed = await fx.expect(200, 'GET', `/api/v1/returns?limit=2&before=${returns[1]}`, buyer);
    assert.deepEqual(legacy.items.map((r) => r.id), [returns[0]], 'before=<id> is still taken for one release');
    assert.deepEqual((await fx.expect(200, 'GET', '/api/v1/exchanges', buyer) as Listed).items.map((r) => r.id), exchanges);
    assert.deepEqual((await fx.expect(200, 'GET', '/api/v1/returns', other.token) as Listed).items.map((r) => r.id), [...othersReturns].reverse());

    await fx.expect(200, 'DELETE', `/api/v1/returns/${returns[1]}`, buyer);
    const withdrawn: Listed = await fx.expect(200, 'GET', '/api/v1/returns?status=WITHDRAWN', buyer);
    assert.deepEqual(withdrawn.items.map((r) => [r.id, r.status]), [[returns[1], 'WITHDRAWN']]);

    const refused: [string, string, string | undefined, number, string][] = [
      ['no token', '/api/v1/returns', undefined, 401, 'UNAUTHENTICATED'],
      ['a seller is not a buyer', '/api/v1/returns', seller, 403, 'FORBIDDEN'],
      ['limit over the cap', '/api/v1/returns?limit=101', buyer, 400, 'INVALID_INPUT'],
      ['limit not a number', '/api/v1/exchanges?limit=ten', buyer, 400, 'INVALID_INPUT'],
      ['a before that is no id', '/api/v1/returns?before=2026-01-01', buyer, 400, 'INVALID_CURSOR'],
      ['a cursor not handed out', '/api/v1/returns?cursor=abc', buyer, 400, 'INVALID_CURSOR'],
      ['a cursor of another shape', `/api/v1/returns?cursor=${Buffer.from('["2026-01-01","1"]').toString('base64url')}`, buyer, 400, 'INVALID_CURSOR'],
      ['an unknown status', '/api/v1/returns?status=LOST', buyer, 400, 'INVALID_INPUT'],
    ];
    for (const [name, path, token, status, code] of refused) await fx.refuses(name, status, code, 'GET', path, token);
  });

  it('lists - a seller sees the requests of its own sellers only, never another seller\'s', async () => {
    const { fx, shop, buyer, seller } = scene;
    const shopper = await newBuyer('Choi Shopper');
    const [mine, theirs, theirExchange] = [
      await requests(shopper, shop, 'returns', 2), await requests(shopper, otherShop, 'returns', 2), await requests(shopper, otherShop, 'exchanges', 1),
    ];

    const ownSeller: Listed = await fx.expect(200, 'GET', '/api/v1/seller/returns?limit=100', seller);
    assert.ok(mine.every((id) => ownSeller.items.some((r) => r.id === id)), 'its own requests are listed');
    assert.ok(ownSeller.items.every((r) => r.sellerId === shop.sellerId), 'nothing of another seller');
    const otherSeller = await fx.token(otherShop.ownerId, 'seller');
    const theirList: Listed = await fx.expect(200, 'GET', '/api/v1/seller/returns?limit=100', otherSeller);
    assert.ok(theirs.every((id) => theirList.items.some((r) => r.id === id)));
    assert.ok(theirList.items.every((r) => r.sellerId === otherShop.sellerId));
    const theirExchanges: Listed = await fx.expect(200, 'GET', '/api/v1/seller/exchanges', otherSeller);
    assert.ok(theirExchanges.items.some((r) => r.id === theirExchange[0]) && theirExchanges.items.every((r) => r.kind === 'EXCHANGE'));

    const stranger = await fx.token(await fx.user('No Shop'), 'seller');
    assert.deepEqual(await fx.expect(200, 'GET', '/api/v1/seller/returns', stranger), { items: [], next: null }, 'a seller account of no seller sees nothing');
    assert.equal(errorCode(await fx.send('GET', '/api/v1/seller/returns', buyer)), 'FORBIDDEN', 'a buyer is not a seller');
    assert.equal(errorCode(await fx.send('GET', '/api/v1/seller/exchanges')), 'UNAUTHENTICATED');
    const paged: Listed = await fx.expect(200, 'GET', '/api/v1/seller/returns?limit=1&status=REQUESTED', otherSeller);
    assert.equal(paged.items.length, 1);
    assert.ok(paged.next);
  });

  it('withdrawal - the buyer withdraws until the pickup, once; the item may be asked for again', async () => {
    const { fx, shop, buyerId, buyer, seller } = scene;
    const { itemIds: [first, second] } = await fx.order(buyerId, shop, [{ unitPrice: 3_000 }, { unitPrice: 4_000 }]);
    const ret = await fx.expect(201, 'POST', '/api/v1/returns', buyer, { orderItemId: first, reason: 'CHANGED_MIND', pickupAddress: 'Seoul' });
    const other = await fx.token(await fx.user('Park Other'), 'buyer');
    const refused: [string, string | undefined, number, string][] = [
      ['no token', undefined, 401, 'UNAUTHENTICATED'],
      ['the seller', seller, 403, 'FORBIDDEN'],
      ['another buyer', other, 404, 'NOT_FOUND'],
    ];
    for (const [name, token, status, code] of refused) await fx.refuses(name, status, code, 'DELETE', `/api/v1/returns/${ret.id}`, token);
    assert.equal(errorCode(await fx.send('DELETE', `/api/v1/exchanges/${ret.id}`, buyer)), 'NOT_FOUND', 'a return is not an exchange');

    // concurrent repeats: one withdrawal, the same answer to every call
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => fx.send('DELETE', `/api/v1/returns/${ret.id}`, buyer)));
    for (const answer of answers) {
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual([answer.json().status, answer.json().version], ['WITHDRAWN', 1]);
    }
    const late = await fx.send('POST', `/api/v1/seller/returns/${ret.id}/status`, seller, { to: 'APPROVED', version: 1 });
    assert.equal(errorCode(late), 'ILLEGAL_TRANSITION', 'a withdrawn request is final');
    const again = await fx.expect(201, 'POST', '/api/v1/exchanges', buyer, { orderItemId: first, reason: 'DEFECTIVE', pickupAddress: 'Seoul' });
    assert.equal(again.status, 'REQUESTED', 'withdrawn, the item is free for a new request');

    // APPROVED may still be withdrawn; PICKED_UP no more
    await fx.expect(200, 'POST', `/api/v1/seller/exchanges/${again.id}/status`, seller, { to: 'APPROVED', version: 0 });
    assert.equal((await fx.expect(200, 'DELETE', `/api/v1/exchanges/${again.id}`, buyer)).status, 'WITHDRAWN');
    const picked = await fx.expect(201, 'POST', '/api/v1/returns', buyer, { orderItemId: second, reason: 'DEFECTIVE', pickupAddress: 'Seoul' });
    await fx.expect(200, 'POST', `/api/v1/seller/returns/${picked.id}/status`, seller, { to: 'APPROVED', version: 0 });
    await fx.expect(200, 'POST', `/api/v1/seller/returns/${picked.id}/status`, seller, { to: 'PICKED_UP', version: 1 });
    const tooLate = await fx.send('DELETE', `/api/v1/returns/${picked.id}`, buyer);
    assert.equal(tooLate.status, 409);
    assert.equal(errorCode(tooLate), 'NOT_WITHDRAWABLE');
    assert.equal((await fx.expect(200, 'GET', `/api/v1/returns/${picked.id}`, buyer)).status, 'PICKED_UP');
  });

  it('withdrawal - racing the seller\'s pickup, exactly one of them wins', async () => {
    const { fx, shop, buyerId, buyer, seller } = scene;
    for (let round = 0; round < 5; round++) {
      const { itemIds: [itemId] } = await fx.order(buyerId, shop, [{ unitPrice: 2_000 }]);
      const ret = await fx.expect(201, 'POST', '/api/v1/returns', buyer, { orderItemId: itemId, reason: 'DEFECTIVE', pickupAddress: 'Seoul' });
      await fx.expect(200, 'POST', `/api/v1/seller/returns/${ret.id}/status`, seller, { to: 'APPROVED', version: 0 });
      const [withdrawal, pickup] = await Promise.all([
        fx.send('DELETE', `/api/v1/returns/${ret.id}`, buyer),
        fx.send('POST', `/api/v1/seller/returns/${ret.id}/status`, seller, { to: 'PICKED_UP', version: 1 }),
      ]);
      const final = (await fx.expect(200, 'GET', `/api/v1/returns/${ret.id}`, buyer)).status;
      assert.equal([withdrawal.status, pickup.status].filter((s) => s === 200).length, 1, `${withdrawal.text} / ${pickup.text}`);
      if (withdrawal.status === 200) {
        assert.equal(final, 'WITHDRAWN');
        assert.equal(errorCode(pickup), 'VERSION_CONFLICT');
      } else {
        assert.equal(final, 'PICKED_UP');
        assert.equal(errorCode(withdrawal), 'NOT_WITHDRAWABLE');
      }
    }
  });
});
