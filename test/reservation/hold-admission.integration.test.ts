// What a buyer may hold, on real processes: only SKUs whose item is in SALES, only the slots a
// RESERVABLE SKU lists (its seller lists them), and no slot on a REALTIME SKU. A refusal holds nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inventoryKeys } from '../../engine/reservation/reservation-keys.js';
import { ReservationFixture } from './reservation-fixture.js';

describe('hold admission (integration)', () => {
  let fx: ReservationFixture;
  let buyer: string;
  const records = () => fx.redis.hlen(inventoryKeys(fx.cat.config.namespace).records);

  before(async () => {
    fx = await ReservationFixture.start(['edge', 'worker']);
    buyer = await fx.cat.token(61, 'buyer');
  });
  after(async () => {
    await fx?.close();
  });

  it('holds - a SKU whose item is not in SALES is refused with ITEM_NOT_ON_SALE and nothing is held', async () => {
    const planned = await fx.item([5], 'REALTIME', { lifecycle: 'PLANNING' });
    const sku = planned.skus[0].id;
    const room = (await fx.item([5], 'RESERVABLE', { lifecycle: 'LAUNCH' })).skus[0].id;
    const before = await records();
    for (const items of [[{ sku, quantity: 1 }], [{ sku: room, quantity: 1, slot: ReservationFixture.slots[0] }]]) {
      const refused = await fx.reserve(buyer, items);
      assert.equal(refused.status, 409, refused.text);
      assert.equal(refused.json().error.code, 'ITEM_NOT_ON_SALE');
    }
    assert.equal(await fx.redisAvailable(sku), 5);
    assert.equal(await fx.redisSlotUsed(room, ReservationFixture.slots[0]), 0);
    assert.equal(await records(), before);

    // on sale: held (once the intake's short SKU cache has seen the change); retired: refused again
    const onSale = await fx.advance(planned, 'SALES');
    // one key throughout: its replay is refused as well once the item is retired, and no probe holds a second unit
    const probe = () => fx.reserve(buyer, [{ sku, quantity: 1 }], 'lifecycle-probe');
    await fx.until('held once on sale', async () => (await probe()).status === 202);
    await fx.advance(onSale, 'END_OF_LIFE');
    await fx.until('refused once retired', async () => (await probe()).json().error?.code === 'ITEM_NOT_ON_SALE');
    assert.equal(await fx.redisAvailable(sku), 4);
  });

  it('holds - only a slot the RESERVABLE SKU lists; its seller can list more; a REALTIME SKU takes none', async () => {
    const room = (await fx.item([2], 'RESERVABLE', { slots: ['2027-01-01'] })).skus[0];
    const realtime = (await fx.item([3])).skus[0].id;
    const undefinedSlot = await fx.reserve(buyer, [{ sku: room.id, quantity: 1, slot: '2027-01-02' }]);
    assert.equal(undefinedSlot.status, 422, undefinedSlot.text);
    assert.equal(undefinedSlot.json().error.code, 'UNKNOWN_SLOT');
    assert.equal((await fx.reserve(buyer, [{ sku: room.id, quantity: 1 }])).json().error.code, 'SLOT_REQUIRED');
    assert.equal((await fx.reserve(buyer, [{ sku: realtime, quantity: 1, slot: '2027-01-01' }])).json().error.code, 'SLOT_NOT_ALLOWED');
    // all or nothing: a listed slot beside an unlisted one holds neither
    const mixed = await fx.reserve(buyer, [{ sku: realtime, quantity: 1 }, { sku: room.id, quantity: 1, slot: '2027-01-02' }]);
    assert.equal(mixed.json().error.code, 'UNKNOWN_SLOT');
    assert.equal(await fx.redisAvailable(realtime), 3);
    assert.equal(await fx.redisSlotUsed(room.id, '2027-01-02'), 0);
    assert.equal((await fx.reserve(buyer, [{ sku: room.id, quantity: 2, slot: '2027-01-01' }])).status, 202);

    const listed = await fx.asSeller('PATCH', `/api/v1/seller/skus/${room.id}`, { version: room.version, slots: ['2027-01-01', '2027-01-02'] });
    assert.equal(listed.status, 200, listed.text);
    assert.deepEqual(listed.json().skus[0].slots, ['2027-01-01', '2027-01-02']);
    await fx.until('the new slot takes holds', async () => (await fx.reserve(buyer, [{ sku: room.id, quantity: 2, slot: '2027-01-02' }])).status === 202);
    assert.equal(await fx.redisSlotUsed(room.id, '2027-01-02'), 2);

    // slots belong to RESERVABLE SKUs only
    const sku = await fx.asSeller('GET', `/api/v1/seller/items/${(await fx.item([1])).id}`);
    const realtimeSku = sku.json().skus[0];
    assert.deepEqual(realtimeSku.slots, []);
    const refusedEdit = await fx.asSeller('PATCH', `/api/v1/seller/skus/${realtimeSku.id}`, { version: realtimeSku.version, slots: ['x'] });
    assert.equal(refusedEdit.json().error.code, 'INVALID_INPUT');
    const refusedItem = await fx.asSeller('POST', '/api/v1/seller/items', {
      sellerId: fx.sellerId, categoryId: fx.categoryId, name: 'Bus', productType: 'REALTIME', basePrice: 100, skus: [{ stock: 1, slots: ['seat-1'] }],
    });
    assert.equal(refusedItem.json().error.code, 'INVALID_INPUT');
  });
});
