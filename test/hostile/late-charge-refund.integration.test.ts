// Issue #15 finding 5: a lost refund. A payment whose answer timed out may still land at the gateway
// after the order gave up on it; the compensation's cancel found nothing yet (PAYMENT_NOT_FOUND), took
// that as final and cancelled the order, and the late charge kept the buyer's money. Ambiguous payments are
// reconciled with the gateway (find by merchant_uid) for ORDER_RECONCILE_GRACE_MS before the order is
// finalised, so the late charge is found and refunded.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../support/engine-processes.js';
import { waitFor } from '../support/eventually.js';
import { GatewayControl } from '../orders/order-books.js';
import { OrderFixture } from '../orders/order-fixture.js';

describe('hostile - a charge that lands after its order gave up is refunded (integration)', () => {
  let fx: OrderFixture;
  let gateway: GatewayControl;

  before(async () => {
    const port = await freePort();
    gateway = new GatewayControl(`http://127.0.0.1:${port}`);
    fx = await OrderFixture.start(['gateway', 'edge', 'orchestrator'], {
      FAKE_GATEWAY_PORT: String(port),
      PAYMENT_TIMEOUT_MS: '200',
      PAYMENT_MAX_ATTEMPTS: '1',
      ORDER_PAYMENT_MAX_ATTEMPTS: '1',
      ORDER_RECONCILE_GRACE_MS: '4000',
    });
  });
  after(async () => {
    await fx?.close();
  });

  it('late charge - the gateway charges 1.5 s after the client timed out: the order ends CANCELLED and the money is refunded', async () => {
    const sku = (await fx.rx.item([5])).skus[0].id;
    const buyer = await fx.cat.token(67_001, 'buyer');
    const before = await gateway.stats();
    await gateway.set({ payDelayMs: 1_500 });
    const { orderId } = (await fx.order(buyer, { items: [{ sku, quantity: 1 }] })).json();
    const final = await fx.untilFinal(orderId, 30_000);
    await gateway.set({ payDelayMs: 0 });
    assert.equal(final.status, 'CANCELLED');
    assert.equal(final.failure_code, 'PAYMENT_UNAVAILABLE');
    // the late charge has landed by now (1.5 s after the request); none of it may stay with the gateway
    await waitFor(async () => (await gateway.stats()).charges - before.charges === 1, { timeoutMs: 5_000, message: 'the late charge landed' });
    const after = await gateway.stats();
    assert.equal(after.chargedAmount - before.chargedAmount, after.cancelledAmount - before.cancelledAmount, 'the late charge refunded');
    assert.deepEqual([(await fx.rx.skuRow(sku)).sold, await fx.rx.redisAvailable(sku)], [0, 5], 'the unit back on sale');
  });
});
