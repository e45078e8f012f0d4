// A return received SELLABLE puts its units back on sale, in the SKU's Postgres books and its Redis
// counter, exactly once however the completion is retried or raced; an UNSELLABLE one does not. An
// exchange completes by shipping a replacement (courier, tracking number) the buyer reads; stock stays.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { errorCode } from '../support/auth-api.js';
import { AfterSaleFixture, type Scene } from './after-sale-fixture.js';

describe('after-sale restock and replacement (integration)', () => {
  let scene: Scene;

  before(async () => {
    scene = await (await AfterSaleFixture.start()).scene();
  });
  after(async () => {
    await scene?.fx.close();
  });

  /** A delivered line of `quantity` units asked back as `kind` and moved to PICKED_UP; answers its path and order. */
  async function pickedUp(kind: 'returns' | 'exchanges', quantity: number) {
    const { fx, shop, buyerId, buyer, seller } = scene;
    const order = await fx.order(buyerId, shop, [{ unitPrice: 5_000, quantity }]);
    const request = await fx.expect(201, 'POST', `/api/v1/${kind}`, buyer, { orderItemId: order.itemIds[0], reason: 'DEFECTIVE', pickupAddress: 'Seoul' });
    const path = `/api/v1/seller/${kind}/${request.id}`;
    await fx.expect(200, 'POST', `${path}/status`, seller, { to: 'APPROVED', version: 0 });
    await fx.expect(200, 'POST', `${path}/status`, seller, { to: 'PICKED_UP', version: 1 });
    return { id: request.id as number, path, ...order };
  }

  async function stock() {
    const { fx, shop } = scene;
    return { sold: (await fx.skuBooks(shop.skuId)).sold, redis: await fx.redisAvailable(shop.skuId) };
  }

  it('restock - a SELLABLE return restocks its units once: a failed refund, then retries racing each other', async () => {
    const { fx, shop, seller } = scene;
    const ret = await pickedUp('returns', 3);
    await fx.createCounter(shop.skuId);
    const start = await stock();
    const complete = { to: 'COMPLETED', version: 2, condition: 'SELLABLE' };

    fx.gateway.failures = 1;
    const failed = await fx.send('POST', `${ret.path}/status`, seller, complete);
    assert.equal(errorCode(failed), 'REFUND_FAILED');
    assert.deepEqual(await stock(), start, 'nothing restocked while the refund failed');

    const answers = await Promise.all(Array.from({ length: 8 }, () => fx.send('POST', `${ret.path}/status`, seller, complete)));
    for (const answer of answers) {
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual([answer.json().status, answer.json().receivedCondition, answer.json().version], ['COMPLETED', 'SELLABLE', 3]);
    }
    await fx.expect(200, 'POST', `${ret.path}/status`, seller, complete);
    assert.deepEqual(await stock(), { sold: start.sold - 3, redis: start.redis + 3 }, 'three units back, once, in Postgres and Redis');
    assert.equal(fx.gateway.cancels.filter((c) => c.merchantUid === ret.merchantUid).length, 1, 'refunded once');
  });

  it('restock - an UNSELLABLE return refunds but restocks nothing; the condition belongs to a completing return only', async () => {
    const { fx, shop, seller } = scene;
    const ret = await pickedUp('returns', 2);
    await fx.createCounter(shop.skuId);
    const start = await stock();
    const cases: [string, unknown, number, string][] = [
      ['no condition', { to: 'COMPLETED', version: 2 }, 400, 'INVALID_INPUT'],
      ['an unknown condition', { to: 'COMPLETED', version: 2, condition: 'MINT' }, 400, 'INVALID_INPUT'],
      ['a condition on a rejection', { to: 'REJECTED', version: 2, condition: 'SELLABLE' }, 400, 'INVALID_INPUT'],
      ['the buyer\'s own state', { to: 'WITHDRAWN', version: 2 }, 400, 'INVALID_INPUT'],
    ];
    for (const [name, body, status, code] of cases) await fx.refuses(name, status, code, 'POST', `${ret.path}/status`, seller, body);
    const done = await fx.expect(200, 'POST', `${ret.path}/status`, seller, { to: 'COMPLETED', version: 2, condition: 'UNSELLABLE' });
    assert.equal(done.receivedCondition, 'UNSELLABLE');
    assert.deepEqual(await stock(), start, 'an unsellable unit stays out of stock');
  });

  it('replacement - an exchange ships its replacement once; the buyer reads courier and tracking; stock stays', async () => {
    const { fx, shop, buyerId, buyer, seller } = scene;
    const exchange = await pickedUp('exchanges', 1);
    const returned = await pickedUp('returns', 1);
    await fx.createCounter(shop.skuId);
    const start = await stock();
    const shipment = { courier: 'CJ Logistics', trackingNumber: '6543-2109-8765', version: 2 };
    const outsider = await fx.token((await fx.shop()).ownerId, 'seller');
    const refused: [string, string | undefined, string, unknown, number, string][] = [
      ['no token', undefined, 'replacement', shipment, 401, 'UNAUTHENTICATED'],
      ['a buyer', buyer, 'replacement', shipment, 403, 'FORBIDDEN'],
      ['another seller', outsider, 'replacement', shipment, 404, 'NOT_FOUND'],
      ['a stale version', seller, 'replacement', { ...shipment, version: 0 }, 409, 'VERSION_CONFLICT'],
      ['no tracking number', seller, 'replacement', { courier: 'CJ', version: 2 }, 400, 'INVALID_INPUT'],
      ['a tracking number with markup', seller, 'replacement', { ...shipment, trackingNumber: '<b>1</b>' }, 400, 'INVALID_INPUT'],
      ['completing without a replacement', seller, 'status', { to: 'COMPLETED', version: 2 }, 409, 'ILLEGAL_TRANSITION'],
    ];
    for (const [name, token, tail, body, status, code] of refused) await fx.refuses(name, status, code, 'POST', `${exchange.path}/${tail}`, token, body);
    assert.equal(errorCode(await fx.send('POST', `/api/v1/seller/exchanges/${returned.id}/replacement`, seller, shipment)), 'NOT_FOUND', 'a return has no replacement');

    const answers = await Promise.all([1, 2, 3, 4].map(() => fx.send('POST', `${exchange.path}/replacement`, seller, shipment)));
    for (const answer of answers) {
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.json().status, 'COMPLETED');
    }
    assert.equal(await fx.count('SELECT 1 FROM exchange_shipments WHERE exchange_id = $1', [exchange.id]), 1, 'one shipment');
    const seen = await fx.expect(200, 'GET', `/api/v1/exchanges/${exchange.id}`, buyer);
    assert.deepEqual({ courier: seen.replacement.courier, trackingNumber: seen.replacement.trackingNumber }, { courier: 'CJ Logistics', trackingNumber: '6543-2109-8765' });
    assert.ok(!Number.isNaN(Date.parse(seen.replacement.shippedAt)));
    const listed = await fx.expect(200, 'GET', '/api/v1/exchanges?status=COMPLETED', buyer);
    assert.equal(listed.items[0].replacement.trackingNumber, '6543-2109-8765', 'the list shows the replacement too');
    assert.deepEqual(await stock(), start, 'an exchange moves no stock');

    const notPicked = await fx.order(buyerId, shop, [{ unitPrice: 1_000 }]);
    const early = await fx.expect(201, 'POST', '/api/v1/exchanges', buyer, { orderItemId: notPicked.itemIds[0], reason: 'DEFECTIVE', pickupAddress: 'Seoul' });
    const refusedEarly = await fx.send('POST', `/api/v1/seller/exchanges/${early.id}/replacement`, seller, { ...shipment, version: 0 });
    assert.equal(errorCode(refusedEarly), 'ILLEGAL_TRANSITION', 'the replacement ships once the item is picked up');
  });
});
