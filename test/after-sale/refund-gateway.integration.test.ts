// Refunds against the fake payment gateway process (the PortOne-style adapter over HTTP): a completed
// return and a seller cancellation reach the gateway's ledger exactly once, retries included.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPaymentGateway } from '../../engine/payment/portone-gateway.js';
import type { PaymentGateway } from '../../engine/payment/payment-gateway.js';
import { freePort, startRole, type RoleProcess } from '../support/engine-processes.js';
import { AfterSaleFixture } from './after-sale-fixture.js';

describe('after-sale refunds at the fake gateway (integration)', () => {
  let gatewayProcess: RoleProcess;
  let gateway: PaymentGateway;
  let fx: AfterSaleFixture;

  before(async () => {
    const port = String(await freePort());
    const env = { PAYMENT_GATEWAY_URL: '', FAKE_GATEWAY_HOST: '127.0.0.1', FAKE_GATEWAY_PORT: port, PAYMENT_RETRY_BASE_MS: '10' };
    gatewayProcess = await startRole('gateway', { ...process.env, ...env });
    fx = await AfterSaleFixture.start(env, (config) => (gateway = createPaymentGateway(config.payment)));
  });
  after(async () => {
    await fx?.close();
    await gatewayProcess?.stop();
  });

  it('after-sale - a completed return and a seller cancellation are refunded once at the gateway', async () => {
    const shop = await fx.shop();
    const buyerId = await fx.user('Kim Buyer');
    const buyer = await fx.token(buyerId, 'buyer');
    const seller = await fx.token(shop.ownerId, 'seller');
    const { itemIds: [delivered, preparing], merchantUid } = await fx.order(buyerId, shop, [
      { unitPrice: 20_000 }, { unitPrice: 6_000, shipmentStatus: 'PREPARING' },
    ]);
    const paid = await gateway.pay({ merchantUid, amount: 26_000, cardToken: 'tok_test_4242', orderName: 'Mug', buyerId });
    assert.equal(paid.status, 'paid');

    const ret = await fx.expect(201, 'POST', '/api/v1/returns', buyer, { orderItemId: delivered, reason: 'CHANGED_MIND', pickupAddress: 'Seoul' });
    const path = `/api/v1/seller/returns/${ret.id}/status`;
    await fx.expect(200, 'POST', path, seller, { to: 'APPROVED', version: 0 });
    await fx.expect(200, 'POST', path, seller, { to: 'PICKED_UP', version: 1 });
    const completions = await Promise.all([1, 2, 3].map(() => fx.send('POST', path, seller, { to: 'COMPLETED', version: 2, condition: 'UNSELLABLE' })));
    assert.deepEqual(completions.map((a) => a.status), [200, 200, 200]);
    assert.equal((await gateway.find(merchantUid))?.cancelledAmount, 17_000, 'the item amount less the 3,000 return fee, once');

    await fx.expect(200, 'POST', `/api/v1/seller/order-items/${preparing}/cancel`, seller, { reason: 'out of stock', version: 0 });
    await fx.expect(200, 'POST', `/api/v1/seller/order-items/${preparing}/cancel`, seller, { reason: 'out of stock', version: 0 });
    assert.equal((await gateway.find(merchantUid))?.cancelledAmount, 23_000);
    const { rows: [payment] } = await fx.db.query('SELECT cancelled_amount, status FROM payments WHERE merchant_uid = $1', [merchantUid]);
    assert.deepEqual([Number(payment.cancelled_amount), payment.status], [23_000, 'PARTIAL_CANCELLED'], 'our ledger agrees with the gateway');
  });
});
