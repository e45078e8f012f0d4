// One payment attempt of an order, classified: paid, declined for good, or worth retrying (5xx, timeout,
// open circuit). The merchant_uid is the order id, so a repeated attempt never charges twice.
import { EngineError } from '../platform/errors.js';
import type { PaymentGateway, PaymentResult } from '../payment/payment-gateway.js';
import type { OrdersConfig } from './orders-config.js';

export type PaymentAttempt =
  | { kind: 'PAID'; payment: PaymentResult }
  | { kind: 'DECLINED'; reason: string }
  | { kind: 'RETRY'; reason: string };

/** Cancel answers that mean there is nothing (left) to cancel. */
export const nothingToCancel = new Set(['PAYMENT_NOT_FOUND', 'PAYMENT_NOT_CANCELLABLE']);

/** Gateway answers that are final for this payment: never retried. */
const finalPaymentCodes = new Set(['PAYMENT_DECLINED', 'PAYMENT_GATEWAY_REJECTED']);

export async function paymentOutcome(gateway: PaymentGateway, orderId: string, amount: number, cardToken: string, buyerId: number): Promise<PaymentAttempt> {
  let paid: PaymentResult;
  try {
    paid = await gateway.pay({ merchantUid: orderId, amount, cardToken, orderName: `order ${orderId}`, buyerId });
  } catch (err) {
    const code = err instanceof EngineError ? err.code : undefined;
    if (code && finalPaymentCodes.has(code)) return { kind: 'DECLINED', reason: code };
    return { kind: 'RETRY', reason: code ?? 'ERROR' };
  }
  return paid.status === 'paid' ? { kind: 'PAID', payment: paid } : { kind: 'DECLINED', reason: paid.failReason ?? 'declined' };
}

/** Cancels whatever the order paid; true when nothing is left charged (cancelled now, or nothing to cancel). */
export async function cancelOutcome(gateway: PaymentGateway, orderId: string): Promise<boolean> {
  try {
    await gateway.cancel({ merchantUid: orderId, reason: 'order CANCELLED' });
    return true;
  } catch (err) {
    return nothingToCancel.has(err instanceof EngineError ? err.code : '');
  }
}

/** Exponential backoff with jitter: half the ceiling plus up to half again. */
export function retryDelayMs(config: Pick<OrdersConfig, 'retryBaseMs' | 'retryMaxMs'>, attempt: number): number {
  const ceiling = Math.min(config.retryMaxMs, config.retryBaseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}
