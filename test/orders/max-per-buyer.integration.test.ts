// An item's maxPerBuyer at order intake: a buyer's units over their non-cancelled orders stay within
// it, whether the orders come one after another or all at once; a cancelled order frees its units, a
// replayed Idempotency-Key answers its order, and another buyer has a cap of their own.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { OrderFixture } from './order-fixture.js';
import { ScriptedGateway } from './scripted-gateway.js';

describe('max per buyer (integration)', () => {
  let fx: OrderFixture;
  let sku: number;
  const gateway = new ScriptedGateway();

  before(async () => {
    fx = await OrderFixture.start(['edge']);
    await fx.startOrchestrator(gateway);
    const item = await fx.rx.item([100]);
    sku = item.skus[0].id;
    const updated = await fx.rx.asSeller('PATCH', `/api/v1/seller/items/${item.id}`, { version: item.version, maxPerBuyer: 3, minorsAllowed: false });
    assert.equal(updated.status, 200, updated.text);
    assert.equal(updated.json().maxPerBuyer, 3);
  });
  after(async () => {
    await fx?.close();
  });

  const code = (answer: { status: number; json(): { error?: { code: string } } }) => [answer.status, answer.json().error?.code];

  it('max per buyer - orders one after another stop at the cap; a cancelled order frees its units', async () => {
    const buyer = await fx.cat.token(61, 'buyer');
    const first = await fx.order(buyer, { items: [{ sku, quantity: 2 }] });
    assert.equal(first.status, 202, first.text);
    assert.equal((await fx.untilFinal(first.json().orderId)).status, 'PAID');
    assert.deepEqual(code(await fx.order(buyer, { items: [{ sku, quantity: 2 }] })), [409, 'MAX_PER_BUYER_EXCEEDED']);
    const key = randomUUID();
    const second = await fx.order(buyer, { items: [{ sku, quantity: 1 }] }, key);
    assert.equal(second.status, 202, second.text);
    // not yet written by its actor, it counts all the same
    assert.deepEqual(code(await fx.order(buyer, { items: [{ sku, quantity: 1 }] })), [409, 'MAX_PER_BUYER_EXCEEDED']);
    assert.equal((await fx.untilFinal(second.json().orderId)).status, 'PAID');
    // a replayed key answers its order, never the cap
    const replay = await fx.order(buyer, { items: [{ sku, quantity: 1 }] }, key);
    assert.deepEqual([replay.status, replay.json().orderId], [202, second.json().orderId]);
    // two lines of the item in one order add up
    const other = await fx.cat.token(62, 'buyer');
    assert.deepEqual(code(await fx.order(other, { items: [{ sku, quantity: 2 }, { sku, quantity: 2 }] })), [409, 'MAX_PER_BUYER_EXCEEDED']);
    assert.equal((await fx.order(other, { items: [{ sku, quantity: 3 }] })).status, 202, 'each buyer has their own cap');

    assert.equal((await fx.cat.send('DELETE', `/api/v1/orders/${first.json().orderId}`, buyer)).status, 202);
    await fx.rx.until('cancelled', async () => (await fx.orderRow(first.json().orderId)).status === 'CANCELLED');
    const after = await fx.order(buyer, { items: [{ sku, quantity: 2 }] });
    assert.equal(after.status, 202, after.text);
  });

  it('max per buyer - orders sent at once: exactly the cap is accepted', async () => {
    const buyer = await fx.cat.token(63, 'buyer');
    const answers = await Promise.all(Array.from({ length: 6 }, () => fx.order(buyer, { items: [{ sku, quantity: 1 }] })));
    const accepted = answers.filter((a) => a.status === 202);
    assert.equal(accepted.length, 3, answers.map((a) => a.text).join('\n'));
    assert.deepEqual(answers.filter((a) => a.status !== 202).map(code), Array.from({ length: 3 }, () => [409, 'MAX_PER_BUYER_EXCEEDED']));
    for (const a of accepted) assert.equal((await fx.untilFinal(a.json().orderId)).status, 'PAID');
    const { rows } = await fx.db.query(
      `SELECT coalesce(sum(oi.quantity), 0)::int AS units FROM shop_orders o JOIN shop_order_items oi ON oi.order_id = o.id WHERE o.user_id = 63 AND o.status = 'PAID'`,
    );
    assert.equal(rows[0].units, 3);
  });
});
