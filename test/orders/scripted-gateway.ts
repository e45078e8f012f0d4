// An in-test payment gateway with PortOne's semantics (pay once per merchant_uid, idempotent cancel)
// and knobs for failures, so saga tests can run before the fake gateway server exists. It keeps the
// truth the tests check: which merchant_uids hold money, and how often a cancel took effect.
import { EngineError } from '../../engine/platform/errors.js';
import type { CancelRequest, CancelResult, PaymentGateway, PaymentRequest, PaymentResult } from '../../engine/payment/payment-gateway.js';
import { RetryableError } from '../../engine/platform/resilience/resilience-errors.js';

export class ScriptedGateway implements PaymentGateway {
  /** share of pay calls that fail retryably; half of them after the payment was taken (a lost answer) */
  errorRate = 0;
  declineRate = 0;
  /** while true every call fails retryably */
  down = false;
  /** the next N cancel calls fail retryably */
  cancelFailures = 0;
  /** while set, pay calls wait on it (a gateway that hangs) */
  hang?: Promise<void>;
  readonly payments = new Map<string, PaymentResult & { cancelled: number }>();
  readonly cancelEffects = new Map<string, number>();
  payCalls = 0;

  async pay(request: PaymentRequest): Promise<PaymentResult> {
    this.payCalls++;
    if (this.hang) await this.hang;
    await new Promise((r) => setTimeout(r, 1));
    if (this.down) throw new RetryableError('gateway down');
    const known = this.payments.get(request.merchantUid);
    if (known) return known;
    const roll = Math.random();
    if (roll < this.errorRate / 2) throw new RetryableError('gateway 503 before paying');
    const declined = Math.random() < this.declineRate;
    const result: PaymentResult & { cancelled: number } = {
      impUid: `imp_${request.merchantUid}`,
      merchantUid: request.merchantUid,
      amount: request.amount,
      status: declined ? 'failed' : 'paid',
      cardLast4: '4242',
      receiptUrl: `https://receipt.example/${request.merchantUid}`,
      cancelled: 0,
      ...(declined ? { failReason: 'card declined' } : {}),
    };
    this.payments.set(request.merchantUid, result);
    if (roll < this.errorRate) throw new RetryableError('gateway timed out after paying');
    return result;
  }

  async cancel(request: CancelRequest): Promise<CancelResult> {
    if (this.down) throw new RetryableError('gateway down');
    if (this.cancelFailures > 0) {
      this.cancelFailures--;
      throw new RetryableError('gateway 503 on cancel');
    }
    const payment = this.payments.get(request.merchantUid);
    if (!payment || payment.status !== 'paid') throw new EngineError('PAYMENT_NOT_FOUND', 'no payment');
    if (payment.cancelled < payment.amount) {
      payment.cancelled = payment.amount;
      this.cancelEffects.set(request.merchantUid, (this.cancelEffects.get(request.merchantUid) ?? 0) + 1);
    }
    return { merchantUid: request.merchantUid, cancelledAmount: payment.cancelled, remainingAmount: payment.amount - payment.cancelled };
  }

  async find(merchantUid: string): Promise<PaymentResult | undefined> {
    return this.payments.get(merchantUid);
  }

  /** merchant_uids whose money is still taken (paid and not cancelled) */
  holding(): Set<string> {
    return new Set([...this.payments.values()].filter((p) => p.status === 'paid' && p.cancelled === 0).map((p) => p.merchantUid));
  }
}
