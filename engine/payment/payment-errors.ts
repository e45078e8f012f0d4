// Typed errors of payments. A decline is a business answer: final, never retried, and it proves the
// gateway healthy (the circuit breaker counts it as a success).
import { EngineError } from '../platform/errors.js';
import type { PaymentResult } from './payment-gateway.js';

export class PaymentDeclinedError extends EngineError {
  override name = 'PaymentDeclinedError';
  constructor(readonly result: PaymentResult) {
    super('PAYMENT_DECLINED', `payment ${result.merchantUid} was declined: ${result.failReason ?? 'no reason given'}`);
  }
}

export function isPaymentDeclined(err: unknown): err is PaymentDeclinedError {
  return err instanceof PaymentDeclinedError;
}
