// Issue #15 finding 15 (part): a buyer's reservation Idempotency-Key shared a namespace with the order
// pipeline's hold keys (`order:<source>:<key>`): a reservation sent with the key `order:API:<k>` was
// answered with the hold of the buyer's order `<k>` (or a mismatch) instead of a reservation of its own.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { OrderFixture } from '../orders/order-fixture.js';

describe('hostile - reservation keys apart from order hold keys (integration)', () => {
  let fx: OrderFixture;

  before(async () => {
    fx = await OrderFixture.start(['edge', 'worker']);
  });
  after(async () => {
    await fx?.close();
  });

  it('hold keys - a reservation keyed like an order\'s hold is a reservation of its own', async () => {
    const sku = (await fx.rx.item([10])).skus[0].id;
    const buyer = await fx.cat.token(69_700, 'buyer');
    const key = randomUUID();
    const order = await fx.order(buyer, { items: [{ sku, quantity: 1 }] }, key);
    assert.equal(order.status, 202, order.text);
    const reservation = await fx.rx.reserve(buyer, [{ sku, quantity: 1 }], `order:API:${key}`);
    assert.equal(reservation.status, 202, reservation.text);
    assert.notEqual(reservation.json().reservationId, order.json().orderId);
    assert.equal(await fx.rx.redisAvailable(sku), 8, 'two units held: the order\'s and the reservation\'s');
  });
});
