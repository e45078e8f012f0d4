// The PortOne adapter against the fake gateway process: token reuse, idempotent payments, partial and
// full cancels, lookups, and which failures are retried.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EngineError } from '../../engine/platform/errors.js';
import { isPaymentDeclined } from '../../engine/payment/payment-errors.js';
import type { PaymentGateway, PaymentRequest } from '../../engine/payment/payment-gateway.js';
import { createPaymentGateway } from '../../engine/payment/portone-gateway.js';
import { FakeGatewayFixture, merchantUid } from './fake-gateway-fixture.js';

const payment = (uid: string, amount = 10_000, cardToken = 'tok_test_4242'): PaymentRequest => ({
  merchantUid: uid,
  amount,
  cardToken,
  orderName: 'test order',
  buyerId: 42,
});

const codeOf = (err: unknown) => (err instanceof EngineError ? err.code : String(err));

describe('payment gateway adapter (integration)', () => {
  let fake: FakeGatewayFixture;
  let gateway: PaymentGateway;

  before(async () => {
    fake = await FakeGatewayFixture.start();
    gateway = createPaymentGateway(fake.config());
  });
  after(async () => {
    await fake?.stop();
  });

  it('payment gateway - concurrent calls share one access token', async () => {
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => gateway.pay(payment(merchantUid(`token${i}`)))));
    assert.equal(results.length, 25);
    const stats = await fake.stats();
    assert.equal(stats.requests.getToken, 1);
    assert.equal(stats.tokensIssued, 1);
    assert.equal(stats.charges, 25);
  });

  it('payment gateway - a repeated merchant_uid pays once and answers the first result', async () => {
    const before = await fake.stats();
    const uid = merchantUid('idem');
    const first = await gateway.pay(payment(uid, 12_345));
    const repeats = await Promise.all(Array.from({ length: 10 }, () => gateway.pay(payment(uid, 12_345))));
    for (const repeat of repeats) assert.deepEqual(repeat, first);
    assert.equal(first.status, 'paid');
    assert.equal(first.cardLast4, '4242');
    assert.match(first.impUid, /^imp_/);
    const stats = await fake.stats();
    assert.equal(stats.charges - before.charges, 1);
    assert.equal(stats.chargedAmount - before.chargedAmount, 12_345);
    await assert.rejects(gateway.pay(payment(uid, 999)), (err) => codeOf(err) === 'IDEMPOTENCY_MISMATCH');
  });

  it('payment gateway - partial then full cancel leaves the right balance', async () => {
    const uid = merchantUid('cancel');
    await gateway.pay(payment(uid, 10_000));
    assert.deepEqual(await gateway.cancel({ merchantUid: uid, amount: 3_000, reason: 'one item returned' }), {
      merchantUid: uid,
      cancelledAmount: 3_000,
      remainingAmount: 7_000,
    });
    await assert.rejects(gateway.cancel({ merchantUid: uid, amount: 8_000, reason: 'too much' }), (err) => codeOf(err) === 'PAYMENT_NOT_CANCELLABLE');
    const full = { merchantUid: uid, cancelledAmount: 10_000, remainingAmount: 0 };
    assert.deepEqual(await gateway.cancel({ merchantUid: uid, reason: 'order cancelled' }), full);
    assert.deepEqual(await gateway.cancel({ merchantUid: uid, reason: 'retried compensation' }), full, 'a repeated full cancel answers the same totals');
    assert.equal((await gateway.find(uid))?.cancelledAmount, 10_000);
    await assert.rejects(gateway.cancel({ merchantUid: merchantUid('never-paid'), reason: 'x' }), (err) => codeOf(err) === 'PAYMENT_NOT_FOUND');
  });

  it('payment gateway - a partial cancel whose answer was lost is applied once', async () => {
    const uid = merchantUid('lost-cancel');
    await gateway.pay(payment(uid, 10_000));
    const lossy = createPaymentGateway(fake.config({ PAYMENT_TIMEOUT_MS: '300' }));
    assert.equal((await lossy.find(uid))?.amount, 10_000);
    const before = await fake.stats();
    // the first cancel is applied by the gateway but its answer never comes; the retry must not refund again
    await fake.control({ hangNext: 1, faultEndpoints: ['cancel'] });
    try {
      const result = await lossy.cancel({ merchantUid: uid, amount: 4_000, reason: 'one item returned' });
      assert.deepEqual(result, { merchantUid: uid, cancelledAmount: 4_000, remainingAmount: 6_000 });
    } finally {
      await fake.control({ hangNext: 0, faultEndpoints: ['getToken', 'pay', 'cancel', 'find'] });
    }
    const stats = await fake.stats();
    assert.equal(stats.timeouts - before.timeouts, 1, 'the first attempt hung');
    assert.equal(stats.requests.cancel - before.requests.cancel, 2, 'and was retried');
    assert.equal(stats.cancelledAmount - before.cancelledAmount, 4_000, 'refunded exactly once');
  });

  it('payment gateway - find answers the payment or undefined', async () => {
    const uid = merchantUid('find');
    assert.equal(await gateway.find(uid), undefined);
    const paid = await gateway.pay(payment(uid, 5_000));
    assert.deepEqual(await gateway.find(uid), paid);
  });

  it('payment gateway - declines are final and not retried', async () => {
    const before = await fake.stats();
    const uid = merchantUid('decline');
    await assert.rejects(gateway.pay(payment(uid, 7_000, 'tok_decline_0001')), (err) => isPaymentDeclined(err) && err.status === 402);
    await fake.control({ declineRate: 1 });
    try {
      await assert.rejects(gateway.pay(payment(merchantUid('decline-rate'))), (err) => codeOf(err) === 'PAYMENT_DECLINED');
    } finally {
      await fake.control({ declineRate: 0 });
    }
    const stats = await fake.stats();
    assert.equal(stats.requests.pay - before.requests.pay, 2, 'one request per declined payment');
    assert.equal(stats.declines - before.declines, 2);
    assert.equal(stats.charges, before.charges);
    assert.equal((await gateway.find(uid))?.status, 'failed');
  });

  it('payment gateway - transient errors are retried until the gateway answers', async () => {
    const before = await fake.stats();
    await fake.control({ failNext: 2 });
    const paid = await gateway.pay(payment(merchantUid('transient')));
    assert.equal(paid.status, 'paid');
    let stats = await fake.stats();
    assert.equal(stats.requests.pay - before.requests.pay, 3, 'two 500s, then the payment');
    assert.equal(stats.transientErrors - before.transientErrors, 2);

    await fake.control({ failNext: 3 });
    await assert.rejects(gateway.pay(payment(merchantUid('transient-exhausted'))), (err) => codeOf(err) === 'REMOTE_UNAVAILABLE');
    stats = await fake.stats();
    assert.equal(stats.requests.pay - before.requests.pay, 6, 'three attempts, no more');
    assert.equal(stats.charges - before.charges, 1);
  });

  it('payment gateway - the access token is renewed shortly before it expires', async () => {
    await fake.control({ tokenTtlSec: 3 });
    try {
      const renewing = createPaymentGateway(fake.config({ PAYMENT_TOKEN_REFRESH_MARGIN_SEC: '2' }));
      const before = await fake.stats();
      await renewing.find(merchantUid('ttl'));
      await renewing.find(merchantUid('ttl'));
      assert.equal((await fake.stats()).tokensIssued - before.tokensIssued, 1, 'reused while far from expiry');
      await new Promise((r) => setTimeout(r, 1_100));
      await renewing.find(merchantUid('ttl'));
      assert.equal((await fake.stats()).tokensIssued - before.tokensIssued, 2, 'renewed within the margin');
    } finally {
      await fake.control({ tokenTtlSec: 1_800 });
    }
  });

  it('payment gateway - the fake refuses unknown tokens and card numbers', async () => {
    const unknown = await fetch(`${fake.url}/payments/find/x`, { headers: { authorization: 'not-a-token' } });
    assert.equal(unknown.status, 401);
    assert.equal(((await unknown.json()) as { code: number }).code, -1);
    const badKey = await fetch(`${fake.url}/users/getToken`, { method: 'POST', body: JSON.stringify({ imp_key: 'wrong', imp_secret: 'wrong' }) });
    assert.equal(badKey.status, 401);
    const grant = await fetch(`${fake.url}/users/getToken`, {
      method: 'POST',
      body: JSON.stringify({ imp_key: fake.config().apiKey, imp_secret: fake.config().apiSecret }),
    });
    const { access_token: token } = ((await grant.json()) as { response: { access_token: string } }).response;
    const withCardNumber = await fetch(`${fake.url}/subscribe/payments/onetime`, {
      method: 'POST',
      headers: { authorization: token },
      body: JSON.stringify({ merchant_uid: merchantUid('pan'), amount: 1_000, card_token: 'tok_test_4242', name: 'x', card_number: '4242424242424242' }),
    });
    assert.equal(withCardNumber.status, 400);
    assert.match(((await withCardNumber.json()) as { message: string }).message, /card_number/);
    const wrongKeys = createPaymentGateway(fake.config({ PAYMENT_API_KEY: 'wrong-key' }));
    await assert.rejects(wrongKeys.find('x'), (err) => codeOf(err) === 'PAYMENT_GATEWAY_REJECTED');
  });
});
