// Refunds through the payment gateway, at most once per source (a completed return, a seller
// cancellation). Runs inside the caller's transaction: the payment row is locked, the refund row is
// claimed by its unique (source, source_id), and only then is the gateway asked to cancel. A gateway
// failure rolls everything back, so the caller may simply retry. The one window left: the gateway
// cancelled but the commit failed; the refunds table and the gateway's totals then disagree, which
// reconciliation (PaymentGateway.find) has to settle.
import type pg from 'pg';
import { EngineError } from '../platform/errors.js';
import { log } from '../platform/log.js';
import type { PaymentGateway } from '../payment/payment-gateway.js';
import { addCancelledAmount, lockPayment } from '../payment/payment-rows.js';

export interface RefundRequest {
  source: 'RETURN' | 'SELLER_CANCEL';
  sourceId: number;
  orderId: string;
  amount: number;
  reason: string;
}

/** Refunds once; answers the amount refunded by this call (0 when this source was refunded before). */
export async function refundOnce(client: pg.PoolClient, gateway: PaymentGateway, request: RefundRequest): Promise<number> {
  const payment = await lockPayment(client, request.orderId);
  if (!payment || !['PAID', 'PARTIAL_CANCELLED'].includes(payment.status)) {
    throw new EngineError('NOT_PAID', `order ${request.orderId} has no paid payment to refund`);
  }
  // never more than what remains of the payment
  const amount = Math.min(request.amount, Number(payment.amount) - Number(payment.cancelled_amount));
  const claimed = await client.query(
    `INSERT INTO refunds (source, source_id, order_id, merchant_uid, amount) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (source, source_id) DO NOTHING`,
    [request.source, request.sourceId, request.orderId, payment.merchant_uid, amount],
  );
  if (claimed.rowCount === 0) return 0;
  if (amount <= 0) return 0;
  try {
    await gateway.cancel({ merchantUid: payment.merchant_uid, amount, reason: request.reason });
  } catch (err) {
    log('warn', 'refund failed at the gateway', { orderId: request.orderId, source: request.source, err });
    throw new EngineError('REFUND_FAILED', 'the payment gateway did not refund; nothing changed, try again', { cause: err });
  }
  await addCancelledAmount(client, request.orderId, amount);
  return amount;
}

export interface RefundRecord {
  source: RefundRequest['source'];
  amount: number;
  createdAt: string;
}

/** The order's refunds so far (completed returns, seller cancellations), oldest first. */
export async function refundsOfOrder(db: pg.Pool | pg.PoolClient, orderId: string): Promise<RefundRecord[]> {
  const { rows } = await db.query<{ source: RefundRequest['source']; amount: string; created_at: Date }>(
    'SELECT source, amount, created_at FROM refunds WHERE order_id = $1 AND amount > 0 ORDER BY id',
    [orderId],
  );
  return rows.map((r) => ({ source: r.source, amount: Number(r.amount), createdAt: r.created_at.toISOString() }));
}
