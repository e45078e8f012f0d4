// Issue #15 finding 3, "stock without payment": POST /api/v1/reservations/:id/confirm turned a hold into
// sold stock with no order and no payment, so any buyer could sell out every REALTIME SKU for good. A hold
// is sold only through a paid order now: the bare confirm answers 409 PAYMENT_REQUIRED and moves nothing,
// and the held units come back at the hold's expiry.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ReservationFixture } from '../reservation/reservation-fixture.js';

const HOLD_TTL_MS = 4_000;

describe('stock without payment (integration)', () => {
  let fx: ReservationFixture;
  before(async () => {
    fx = await ReservationFixture.start(['edge', 'worker', 'scheduler'], {
      RESERVATION_HOLD_TTL_MS: String(HOLD_TTL_MS),
      RESERVATION_EXPIRY_INTERVAL_MS: '500',
    });
  });
  after(async () => {
    await fx?.close();
  });

  it('hostile - a buyer who holds units and confirms them gets 409, sells nothing, and the units come back at expiry', async () => {
    const stock = 5;
    const sku = (await fx.item([stock])).skus[0].id;
    const buyer = await fx.cat.token(7_001, 'buyer');
    const held = await fx.reserve(buyer, [{ sku, quantity: stock }]);
    assert.equal(held.status, 202, held.text);
    const id = held.json().reservationId;
    await fx.until('the hold persisted', async () => (await fx.skuRow(sku)).held === stock);

    // the owner, many times at once: every answer 409, nothing sold
    const confirms = await Promise.all(Array.from({ length: 10 }, () => fx.cat.send('POST', `/api/v1/reservations/${id}/confirm`, buyer)));
    for (const c of confirms) {
      assert.equal(c.status, 409, c.text);
      assert.equal(c.json().error.code, 'PAYMENT_REQUIRED');
      assert.match(c.json().error.message, /POST \/api\/v1\/orders/);
    }
    // someone else's and a missing reservation look missing, as before
    const other = await fx.cat.token(7_002, 'buyer');
    assert.equal((await fx.cat.send('POST', `/api/v1/reservations/${id}/confirm`, other)).status, 404);
    assert.equal((await fx.cat.send('POST', `/api/v1/reservations/${randomUUID()}/confirm`, buyer)).status, 404);
    assert.deepEqual(await fx.skuRow(sku), { stock, held: stock, sold: 0, available: 0 });
    assert.equal((await fx.cat.expect(200, 'GET', `/api/v1/reservations/${id}`, buyer)).status, 'HELD');

    await fx.until('the hold expired', async () => (await fx.cat.expect(200, 'GET', `/api/v1/reservations/${id}`, buyer)).status === 'EXPIRED', HOLD_TTL_MS + 30_000);
    await fx.until('units back in Redis', async () => (await fx.redisAvailable(sku)) === stock);
    assert.deepEqual(await fx.skuRow(sku), { stock, held: 0, sold: 0, available: stock });
    assert.equal((await fx.reserve(other, [{ sku, quantity: stock }])).status, 202, 'the units are on sale again');
  });
});
