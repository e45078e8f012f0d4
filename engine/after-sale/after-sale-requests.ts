// Returns and exchanges: the buyer of a delivered order item asks, the item's seller (or an admin)
// moves the request along with version-checked transitions; a completed return refunds once.
import type pg from 'pg';
import { hasRole, type Principal } from '../auth/principal.js';
import { inTransaction } from '../platform/db/transaction.js';
import { assertSellerMember, isSellerMember } from '../catalog/seller-store.js';
import { EngineError, VersionConflictError } from '../platform/errors.js';
import type { PaymentGateway } from '../payment/payment-gateway.js';
import { lockOrderItemWithFees } from '../orders/order-rows.js';
import { afterSaleFee, isBuyerFault, isLegalTransition, returnRefund } from './after-sale-rules.js';
import type { AfterSaleKind, AfterSaleReason, AfterSaleStatus, AfterSaleTransition, AfterSaleView, NewAfterSale } from './after-sale-types.js';
import { refundOnce } from './refund.js';
import { isUniqueViolation } from '../platform/db/pg-errors.js';

interface RequestRow {
  id: string; kind: AfterSaleKind; order_item_id: string; order_id: string; seller_id: string; user_id: string;
  reason: AfterSaleReason; buyer_fault: boolean; detail: string; pickup_address: string; fee: string; refund_amount: string;
  status: AfterSaleStatus; note: string; version: number; created_at: Date; updated_at: Date;
}

function view(r: RequestRow): AfterSaleView {
  return {
    id: Number(r.id), kind: r.kind, orderItemId: Number(r.order_item_id), orderId: r.order_id, sellerId: Number(r.seller_id),
    userId: Number(r.user_id), reason: r.reason, buyerFault: r.buyer_fault, detail: r.detail, pickupAddress: r.pickup_address,
    fee: Number(r.fee), refundAmount: Number(r.refund_amount), status: r.status, note: r.note, version: r.version,
    createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
  };
}

/** The buyer's delivered order item, locked; someone else's item is simply not found. */
export async function lockBuyersDeliveredItem(client: pg.PoolClient, orderItemId: number, userId: number) {
  const row = await lockOrderItemWithFees(client, orderItemId);
  if (!row || Number(row.user_id) !== userId) throw new EngineError('NOT_FOUND', `order item ${orderItemId} not found`);
  if (row.shipment_status !== 'DELIVERED') throw new EngineError('NOT_DELIVERED', `order item ${orderItemId} is ${row.shipment_status}, not DELIVERED`);
  return {
    orderId: row.order_id, itemId: Number(row.item_id), sellerId: Number(row.seller_id), amount: Number(row.amount),
    returnFee: Number(row.return_fee), exchangeFee: Number(row.exchange_fee),
  };
}

export async function createAfterSale(db: pg.Pool, principal: Principal, kind: AfterSaleKind, input: NewAfterSale): Promise<AfterSaleView> {
  return inTransaction(db, async (client) => {
    const item = await lockBuyersDeliveredItem(client, input.orderItemId, principal.userId);
    const fee = afterSaleFee(kind, input.reason, item);
    const refund = kind === 'RETURN' ? returnRefund(item.amount, fee) : 0;
    try {
      const { rows } = await client.query<RequestRow>(
        `INSERT INTO after_sale_requests
           (kind, order_item_id, order_id, seller_id, user_id, reason, buyer_fault, detail, pickup_address, fee, refund_amount)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
        [kind, input.orderItemId, item.orderId, item.sellerId, principal.userId, input.reason, isBuyerFault(input.reason),
          input.detail ?? '', input.pickupAddress, fee, refund],
      );
      return view(rows[0]);
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new EngineError('AFTER_SALE_EXISTS', `order item ${input.orderItemId} already has an open or completed return or exchange`);
      }
      throw err;
    }
  });
}

/** Its buyer, a member of its seller, or an admin may read a request; to anyone else it does not exist. */
export async function getAfterSale(db: pg.Pool, principal: Principal, kind: AfterSaleKind, id: number): Promise<AfterSaleView> {
  const { rows } = await db.query<RequestRow>('SELECT * FROM after_sale_requests WHERE id = $1 AND kind = $2', [id, kind]);
  const row = rows[0];
  if (!row) throw new EngineError('NOT_FOUND', `${kind.toLowerCase()} ${id} not found`);
  if (Number(row.user_id) !== principal.userId && !hasRole(principal, 'admin') && !(await isSellerMember(db, Number(row.seller_id), principal.userId))) {
    throw new EngineError('NOT_FOUND', `${kind.toLowerCase()} ${id} not found`);
  }
  return view(row);
}

/**
 * Moves a request one legal step (version-checked). Repeating the call that made the current state
 * (same target, the version it was made from) answers that state again and does nothing: a retried
 * COMPLETED never refunds twice.
 */
export async function transitionAfterSale(
  db: pg.Pool, gateway: PaymentGateway, principal: Principal, kind: AfterSaleKind, id: number, change: AfterSaleTransition,
): Promise<AfterSaleView> {
  return inTransaction(db, async (client) => {
    const { rows } = await client.query<RequestRow>('SELECT * FROM after_sale_requests WHERE id = $1 AND kind = $2 FOR UPDATE', [id, kind]);
    const row = rows[0];
    if (!row) throw new EngineError('NOT_FOUND', `${kind.toLowerCase()} ${id} not found`);
    await assertSellerMember(client, Number(row.seller_id), principal);
    if (row.status === change.to && row.version === change.version + 1) return view(row);
    if (row.version !== change.version) throw new VersionConflictError(kind.toLowerCase(), id);
    if (!isLegalTransition(row.status, change.to)) throw new EngineError('ILLEGAL_TRANSITION', `${row.status} cannot become ${change.to}`);
    if (kind === 'RETURN' && change.to === 'COMPLETED') {
      await refundOnce(client, gateway, {
        source: 'RETURN', sourceId: id, orderId: row.order_id, amount: Number(row.refund_amount), reason: `return ${id}: ${row.reason}`,
      });
    }
    const updated = await client.query<RequestRow>(
      `UPDATE after_sale_requests SET status = $2, note = $3, version = version + 1, updated_at = now()
       WHERE id = $1 RETURNING *`,
      [id, change.to, change.note ?? row.note],
    );
    return view(updated.rows[0]);
  });
}
