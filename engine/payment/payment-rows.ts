// SQL of the `payments` table: one row per order (merchant_uid = order id), written when a payment
// lands (PAID) or is declined (FAILED), and cancelled in full (a compensation) or in part (refunds).
// The order actors write whole batches (unnest / ANY); the per-order saga and refunds one row.
import type pg from 'pg';
import type { PaymentResult } from './payment-gateway.js';

type Queryable = pg.Pool | pg.PoolClient;

/** The gateway's masked card number, kept only when it is four digits. */
const storedLast4 = (payment: PaymentResult): string | null => (/^[0-9]{4}$/.test(payment.cardLast4) ? payment.cardLast4 : null);

/** Records the order's payment as PAID (over a FAILED or earlier row). */
export async function recordPaidPayment(client: pg.PoolClient, orderId: string, paid: PaymentResult): Promise<void> {
  await client.query(
    `INSERT INTO payments (order_id, merchant_uid, imp_uid, amount, status, card_last4, receipt_url)
     VALUES ($1::uuid, $1::text, $2, $3, 'PAID', $4, $5)
     ON CONFLICT (order_id) DO UPDATE SET imp_uid = $2, status = 'PAID', card_last4 = $4, receipt_url = $5,
       version = payments.version + 1, updated_at = now()`,
    [orderId, paid.impUid, paid.amount, storedLast4(paid), paid.receiptUrl],
  );
}

/** recordPaidPayment for a batch of orders. */
export async function recordPaidPayments(client: pg.PoolClient, paid: { orderId: string; payment: PaymentResult }[]): Promise<void> {
  await client.query(
    `INSERT INTO payments (order_id, merchant_uid, imp_uid, amount, status, card_last4, receipt_url)
     SELECT t.id, t.id::text, t.imp, t.amount, 'PAID', t.last4, t.receipt
     FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::text[]) AS t(id, imp, amount, last4, receipt)
     ON CONFLICT (order_id) DO UPDATE SET imp_uid = EXCLUDED.imp_uid, status = 'PAID', card_last4 = EXCLUDED.card_last4,
       receipt_url = EXCLUDED.receipt_url, version = payments.version + 1, updated_at = now()`,
    [paid.map((p) => p.orderId), paid.map((p) => p.payment.impUid), paid.map((p) => p.payment.amount),
      paid.map((p) => storedLast4(p.payment)), paid.map((p) => p.payment.receiptUrl)],
  );
}

/** Records a declined payment as FAILED, unless the order has a payment row already. */
export async function recordFailedPayment(client: pg.PoolClient, orderId: string, amount: number): Promise<void> {
  await client.query(
    `INSERT INTO payments (order_id, merchant_uid, amount, status) VALUES ($1::uuid, $1::text, $2, 'FAILED') ON CONFLICT (order_id) DO NOTHING`,
    [orderId, amount],
  );
}

/** recordFailedPayment for a batch of orders. */
export async function recordFailedPayments(client: pg.PoolClient, failed: { orderId: string; amount: number }[]): Promise<void> {
  await client.query(
    `INSERT INTO payments (order_id, merchant_uid, amount, status)
     SELECT t.id, t.id::text, t.amount, 'FAILED' FROM unnest($1::uuid[], $2::bigint[]) AS t(id, amount) ON CONFLICT (order_id) DO NOTHING`,
    [failed.map((f) => f.orderId), failed.map((f) => f.amount)],
  );
}

/** A PAID (or partly refunded) payment of the order, cancelled at the gateway in full, becomes CANCELLED. */
export async function cancelPaidPayment(client: pg.PoolClient, orderId: string): Promise<void> {
  await cancelPaidPayments(client, [orderId]);
}

/** cancelPaidPayment for a batch of orders. */
export async function cancelPaidPayments(client: pg.PoolClient, orderIds: string[]): Promise<void> {
  await client.query(
    `UPDATE payments SET status = 'CANCELLED', cancelled_amount = amount, version = version + 1, updated_at = now()
     WHERE order_id = ANY($1::uuid[]) AND status IN ('PAID', 'PARTIAL_CANCELLED')`,
    [orderIds],
  );
}

export interface LockedPayment {
  merchant_uid: string;
  amount: string;
  cancelled_amount: string;
  status: string;
}

/** The order's payment, locked for a refund; undefined when it has none. */
export async function lockPayment(client: pg.PoolClient, orderId: string): Promise<LockedPayment | undefined> {
  const { rows } = await client.query<LockedPayment>(
    'SELECT merchant_uid, amount, cancelled_amount, status FROM payments WHERE order_id = $1 FOR UPDATE',
    [orderId],
  );
  return rows[0];
}

/** Adds a refunded amount: CANCELLED once nothing remains, else PARTIAL_CANCELLED. */
export async function addCancelledAmount(client: pg.PoolClient, orderId: string, amount: number): Promise<void> {
  await client.query(
    `UPDATE payments SET cancelled_amount = cancelled_amount + $2,
       status = CASE WHEN cancelled_amount + $2 = amount THEN 'CANCELLED' ELSE 'PARTIAL_CANCELLED' END,
       version = version + 1, updated_at = now()
     WHERE order_id = $1`,
    [orderId, amount],
  );
}

/** The order's payment as its buyer sees it, or undefined. */
export async function paymentOfOrder(
  db: Queryable,
  orderId: string,
): Promise<{ status: string; amount: string; cancelled_amount: string; card_last4: string | null; receipt_url: string | null } | undefined> {
  const { rows } = await db.query<{ status: string; amount: string; cancelled_amount: string; card_last4: string | null; receipt_url: string | null }>(
    'SELECT status, amount, cancelled_amount, card_last4, receipt_url FROM payments WHERE order_id = $1',
    [orderId],
  );
  return rows[0];
}
