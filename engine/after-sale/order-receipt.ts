// The buyer's receipt of a paid order: what was bought and for how much, how it was paid (the card
// masked: only its last four digits are ever stored), what has been refunded so far and when. Composed
// from the order (orders), the item names (catalog) and the refund ledger (refunds, this domain).
import type pg from 'pg';
import { itemNames } from '../catalog/item-rows.js';
import { getOrder } from '../orders/order-queries.js';
import type { OrderStatus } from '../orders/order-types.js';
import { EngineError } from '../platform/errors.js';
import { refundsOfOrder, type RefundRecord } from './refund.js';

export interface ReceiptLine {
  orderItemId: number;
  /** a catalog line names its item; a flash-sale line its sale */
  itemId?: number;
  saleId?: number;
  name?: string;
  quantity: number;
  unitPrice: number;
  amount: number;
  shipmentStatus: string;
}

export interface Receipt {
  orderId: string;
  status: OrderStatus;
  orderedAt: string;
  paidAt?: string;
  issuedAt: string;
  items: ReceiptLine[];
  totalAmount: number;
  payment: { method: 'CARD'; status: string; amount: number; maskedCard?: string; receiptUrl?: string };
  /** ORDER_CANCEL: what a cancellation of the whole order gave back beyond the per-item refunds */
  refunds: { source: RefundRecord['source'] | 'ORDER_CANCEL'; amount: number; at?: string }[];
  refundedAmount: number;
  /** what the buyer paid in the end: payment amount - refunded amount */
  netAmount: number;
}

const receiptPayments = ['PAID', 'PARTIAL_CANCELLED', 'CANCELLED'];
const cancelledStatuses: readonly string[] = ['CANCELLED', 'PAYMENT_CANCELLED', 'SELLER_CANCELLED'];

/** The owner's receipt; someone else's order is not found, an order never paid has none (NOT_PAID). */
export async function orderReceipt(db: pg.Pool, orderId: string, userId: number): Promise<Receipt> {
  const order = await getOrder(db, orderId, userId, false);
  const payment = order.payment;
  if (!payment || !receiptPayments.includes(payment.status)) throw new EngineError('NOT_PAID', `order ${orderId} has not been paid; a receipt exists once it is`);
  const [names, ledger] = await Promise.all([
    itemNames(db, order.items.flatMap((i) => (i.itemId === undefined ? [] : [i.itemId]))),
    refundsOfOrder(db, orderId),
  ]);
  const refunds: Receipt['refunds'] = ledger.map((r) => ({ source: r.source, amount: r.amount, at: r.createdAt }));
  // a whole-order cancellation cancels the rest of the payment without a ledger row of its own
  const rest = payment.cancelledAmount - ledger.reduce((sum, r) => sum + r.amount, 0);
  if (rest > 0) {
    const at = [...order.events].reverse().find((e) => e.to !== undefined && cancelledStatuses.includes(e.to))?.at;
    refunds.push({ source: 'ORDER_CANCEL', amount: rest, ...(at ? { at } : {}) });
  }
  const paidAt = order.events.find((e) => e.to === 'PAID')?.at;
  return {
    orderId: order.orderId,
    status: order.status,
    orderedAt: order.createdAt,
    ...(paidAt ? { paidAt } : {}),
    issuedAt: new Date().toISOString(),
    items: order.items.map((i) => ({
      orderItemId: i.orderItemId,
      ...(i.itemId === undefined ? { saleId: i.saleId } : { itemId: i.itemId, ...(names.has(i.itemId) ? { name: names.get(i.itemId) } : {}) }),
      quantity: i.quantity,
      unitPrice: i.unitPrice,
      amount: i.unitPrice * i.quantity,
      shipmentStatus: i.shipmentStatus,
    })),
    totalAmount: order.totalAmount,
    payment: {
      method: 'CARD',
      status: payment.status,
      amount: payment.amount,
      ...(payment.cardLast4 ? { maskedCard: `**** **** **** ${payment.cardLast4}` } : {}),
      ...(payment.receiptUrl ? { receiptUrl: payment.receiptUrl } : {}),
    },
    refunds,
    refundedAmount: payment.cancelledAmount,
    netAmount: payment.amount - payment.cancelledAmount,
  };
}
