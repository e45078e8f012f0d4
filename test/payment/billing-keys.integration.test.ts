// The PortOne adapter's billing keys against the fake gateway process: a registered card pays with its
// own last four, the documented declining card declines, the gateway's card checks become CARD_REJECTED,
// a removed key no longer charges, and registration is retried through transient failures.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_CARDS } from '../../engine/payment/fake-gateway/billing-keys.js';
import { isPaymentDeclined } from '../../engine/payment/payment-errors.js';
import type { BillingKeyRequest } from '../../engine/payment/payment-gateway.js';
import { newBillingKey } from '../../engine/payment/payment-methods.js';
import { createPaymentGateway, type PortOneGateway } from '../../engine/payment/portone-gateway.js';
import { EngineError } from '../../engine/platform/errors.js';
import { FakeGatewayFixture, merchantUid } from './fake-gateway-fixture.js';

const codeOf = (err: unknown) => (err instanceof EngineError ? err.code : String(err));
const card = (cardNumber: string, more: Partial<BillingKeyRequest> = {}): BillingKeyRequest => ({
  billingKey: newBillingKey(), cardNumber, expiry: '2099-12', birth: '900101', pwd2digit: '12', ...more,
});
const payWith = (gateway: PortOneGateway, cardToken: string) =>
  gateway.pay({ merchantUid: merchantUid('bk'), amount: 5_000, cardToken, orderName: 'billing key test', buyerId: 7 });

describe('billing keys at the payment gateway (integration)', () => {
  let fake: FakeGatewayFixture;
  let gateway: PortOneGateway;

  before(async () => {
    fake = await FakeGatewayFixture.start();
    gateway = createPaymentGateway(fake.config());
  });
  after(async () => {
    await fake?.stop();
  });

  it('billing keys - a registered card pays with its own last four digits', async () => {
    const visa = card('4242424242424242');
    await gateway.issueBillingKey(visa);
    const paid = await payWith(gateway, visa.billingKey);
    assert.equal(paid.status, 'paid');
    assert.equal(paid.cardLast4, '4242');
    const mastercard = card('5555555555554444');
    await gateway.issueBillingKey(mastercard);
    assert.equal((await payWith(gateway, mastercard.billingKey)).cardLast4, '4444', 'not derived from the token');
  });

  it('billing keys - the always-declining test card registers, and every payment with it is declined', async () => {
    const declining = card(TEST_CARDS.alwaysDeclines);
    await gateway.issueBillingKey(declining);
    for (let i = 0; i < 2; i++) {
      await assert.rejects(payWith(gateway, declining.billingKey), (err) => isPaymentDeclined(err) && err.result.cardLast4 === '0002');
    }
  });

  it('billing keys - the gateway refuses bad cards with CARD_REJECTED and keeps nothing', async () => {
    const before = await fake.stats();
    const refused = [
      card('4242424242424241'), // check digit
      card('4242424242424242', { expiry: '2020-01' }),
      card('4242424242424242', { birth: '9001' }),
      card('4242424242424242', { pwd2digit: '1' }),
      card(TEST_CARDS.refusedAtRegistration),
    ];
    for (const request of refused) await assert.rejects(gateway.issueBillingKey(request), (err) => codeOf(err) === 'CARD_REJECTED');
    const after = await fake.stats();
    assert.equal(after.cardsRefused - before.cardsRefused, refused.length);
    assert.equal(after.billingKeysIssued, before.billingKeysIssued);
  });

  it('billing keys - a removed key no longer charges; removing it again is not an error', async () => {
    const visa = card('4242424242424242');
    await gateway.issueBillingKey(visa);
    await gateway.deleteBillingKey(visa.billingKey);
    await assert.rejects(payWith(gateway, visa.billingKey), (err) => isPaymentDeclined(err) && /deleted/.test(err.result.failReason ?? ''));
    await gateway.deleteBillingKey(visa.billingKey);
    await gateway.deleteBillingKey(newBillingKey());
  });

  it('billing keys - tokens the gateway never issued pay as before', async () => {
    assert.equal((await payWith(gateway, 'tok_card_1234')).cardLast4, '1234');
    await assert.rejects(payWith(gateway, 'tok_decline_1'), (err) => isPaymentDeclined(err));
  });

  it('billing keys - registration is retried through a transient failure and registers once', async () => {
    const before = await fake.stats();
    await fake.control({ failNext: 2, faultEndpoints: ['issueBillingKey'] });
    const visa = card('4242424242424242');
    await gateway.issueBillingKey(visa);
    const after = await fake.stats();
    assert.equal(after.requests.issueBillingKey - before.requests.issueBillingKey, 3);
    assert.equal(after.billingKeysIssued - before.billingKeysIssued, 1);
    assert.equal((await payWith(gateway, visa.billingKey)).cardLast4, '4242');
  });
});
