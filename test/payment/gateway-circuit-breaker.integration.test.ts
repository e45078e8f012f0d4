// The adapter's circuit breaker against the fake gateway process: a gateway that stops answering opens
// it, calls then fail fast without reaching the gateway, and after the cool-down one trial call decides
// whether it re-opens or closes.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { EngineError } from '../../engine/platform/errors.js';
import { registry } from '../../engine/platform/metrics.js';
import type { PaymentGateway, PaymentRequest } from '../../engine/payment/payment-gateway.js';
import { createPaymentGateway, PAYMENT_TARGET } from '../../engine/payment/portone-gateway.js';
import { FakeGatewayFixture, merchantUid } from './fake-gateway-fixture.js';

const COOL_DOWN_MS = 600;
const payment = (): PaymentRequest => ({ merchantUid: merchantUid('breaker'), amount: 1_000, cardToken: 'tok_test_1111', orderName: 'o', buyerId: 7 });
const codeOf = (err: unknown) => (err instanceof EngineError ? err.code : String(err));

async function breakerGauge(): Promise<number | undefined> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === 'gopang_circuit_breaker_state');
  return metric?.values.find((v) => v.labels.target === PAYMENT_TARGET)?.value;
}

describe('payment gateway circuit breaker (integration)', () => {
  let fake: FakeGatewayFixture;
  let gateway: PaymentGateway;

  before(async () => {
    fake = await FakeGatewayFixture.start();
    gateway = createPaymentGateway(
      fake.config({
        PAYMENT_TIMEOUT_MS: '300',
        PAYMENT_MAX_ATTEMPTS: '1',
        PAYMENT_BREAKER_FAILURES: '3',
        PAYMENT_BREAKER_FAILURE_RATIO: '0',
        PAYMENT_BREAKER_COOLDOWN_MS: String(COOL_DOWN_MS),
        PAYMENT_BREAKER_HALF_OPEN_TRIALS: '1',
      }),
    );
  });
  after(async () => {
    await fake?.stop();
  });

  it('payment gateway - a hanging gateway opens the breaker, which half-opens and closes on recovery', async () => {
    assert.equal((await gateway.pay(payment())).status, 'paid');
    await fake.control({ timeoutRate: 1, faultEndpoints: ['pay'] });

    for (let i = 0; i < 3; i++) await assert.rejects(gateway.pay(payment()), (err) => codeOf(err) === 'REMOTE_TIMEOUT');
    assert.equal(await breakerGauge(), 2, 'open');

    // open: 100 concurrent calls fail fast, none reaches the gateway
    const before = await fake.stats();
    const started = Date.now();
    const outcomes = await Promise.allSettled(Array.from({ length: 100 }, () => gateway.pay(payment())));
    const elapsed = Date.now() - started;
    assert.equal(outcomes.filter((o) => o.status === 'rejected' && codeOf(o.reason) === 'CIRCUIT_OPEN').length, 100);
    assert.ok(elapsed < 300, `fast failures took ${elapsed} ms, less than one timeout`);
    assert.equal((await fake.stats()).requests.pay, before.requests.pay);

    // after the cool-down one trial goes through; it hangs too, so the breaker re-opens
    await sleep(COOL_DOWN_MS + 50);
    const trials = await Promise.allSettled([gateway.pay(payment()), gateway.pay(payment())]);
    assert.deepEqual(trials.map((t) => (t.status === 'rejected' ? codeOf(t.reason) : 'ok')).sort(), ['CIRCUIT_OPEN', 'REMOTE_TIMEOUT'], 'one trial at a time');
    assert.equal((await fake.stats()).requests.pay, before.requests.pay + 1);
    await assert.rejects(gateway.pay(payment()), (err) => codeOf(err) === 'CIRCUIT_OPEN');

    // the gateway recovers: the next trial succeeds and closes the breaker
    await fake.control({ timeoutRate: 0 });
    await sleep(COOL_DOWN_MS + 50);
    assert.equal((await gateway.pay(payment())).status, 'paid');
    assert.equal(await breakerGauge(), 0, 'closed');
    const recovered = await Promise.all(Array.from({ length: 10 }, () => gateway.pay(payment())));
    assert.ok(recovered.every((r) => r.status === 'paid'));
  });
});
