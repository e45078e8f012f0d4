// Returns and exchanges: the buyer of a delivered order item asks, the item's seller (or an admin)
// moves the request along with version-checked transitions; a completed return refunds once and, when
// the item arrived SELLABLE, puts its units back on sale once.
import type pg from 'pg';
import { hasRole, type Principal } from '../auth/principal.js';
import { inTransaction } from '../platform/db/transaction.js';
import { isSellerMember } from '../catalog/seller-store.js';
import { EngineError, VersionConflictError } from '../platform/errors.js';
import { lockOrderItem, lockOrderItemWithFees } from '../orders/order-rows.js';
import { restockRealtimeInRedis, restockSoldUnits } from '../orders/order-stock.js';
import type { AfterSaleDeps } from './after-sale-deps.js';
import { afterSaleFee, isBuyerFault, isLegalTransition, returnRefund } from './after-sale-rules.js';
import { afterSaleView, lockRequest, readRequest, updateRequestStatus, type RequestRow } from './after-sale-rows.js';
import type { AfterSaleKind, AfterSaleTransition, AfterSaleView, NewAfterSale } from './after-sale-types.js';
import { refundOnce } from './refund.js';
import { isUniqueViolation } from '../platform/db/pg-errors.js';

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
      return afterSaleView(rows[0]);
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new EngineError('AFTER_SALE_EXISTS', `order item ${input.orderItemId} already has an open or completed return or exchange`);
      }
      throw err;
    }
  });
}

const notFound = (kind: AfterSaleKind, id: number | string) => new EngineError('NOT_FOUND', `${kind.toLowerCase()} ${id} not found`);

/** Whether the principal acts for the request's seller (a member, or an admin). */
async function actsForSeller(db: pg.Pool | pg.PoolClient, row: RequestRow, principal: Principal): Promise<boolean> {
  return hasRole(principal, 'admin') || isSellerMember(db, Number(row.seller_id), principal.userId);
}

/** Its buyer, a member of its seller, or an admin may read a request; to anyone else it does not exist. */
export async function getAfterSale(db: pg.Pool, principal: Principal, kind: AfterSaleKind, id: number): Promise<AfterSaleView> {
  const row = await readRequest(db, kind, id);
  if (!row || (Number(row.user_id) !== principal.userId && !(await actsForSeller(db, row, principal)))) throw notFound(kind, id);
  return afterSaleView(row);
}

/**
 * The request locked for its seller's change; to anyone who does not act for the seller it does not
 * exist (as to the public).
 */
export async function lockSellersRequest(client: pg.PoolClient, principal: Principal, kind: AfterSaleKind, id: number): Promise<RequestRow> {
  const row = await lockRequest(client, kind, id);
  if (!row || !(await actsForSeller(client, row, principal))) throw notFound(kind, id);
  return row;
}

/** What a transition carries beyond the state: a completing return states its condition, nothing else does. */
function checkTransitionInput(kind: AfterSaleKind, change: AfterSaleTransition): void {
  const completesReturn = kind === 'RETURN' && change.to === 'COMPLETED';
  if (completesReturn && !change.condition) throw new EngineError('INVALID_INPUT', 'a completed return states the condition it arrived in: SELLABLE or UNSELLABLE');
  if (!completesReturn && change.condition) throw new EngineError('INVALID_INPUT', 'condition belongs to the completion of a return only');
  if (kind === 'EXCHANGE' && change.to === 'COMPLETED') {
    throw new EngineError('ILLEGAL_TRANSITION', 'an exchange completes when its replacement ships: POST /api/v1/seller/exchanges/{id}/replacement');
  }
}

/**
 * Moves a request one legal step (version-checked). Repeating the call that made the current state
 * (same target, the version it was made from) answers that state again and does nothing: a retried
 * COMPLETED never refunds or restocks twice.
 */
export async function transitionAfterSale(
  deps: AfterSaleDeps, principal: Principal, kind: AfterSaleKind, id: number, change: AfterSaleTransition,
): Promise<AfterSaleView> {
  checkTransitionInput(kind, change);
  const moved = await inTransaction(deps.db, async (client) => {
    const row = await lockSellersRequest(client, principal, kind, id);
    if (row.status === change.to && row.version === change.version + 1) return { row };
    if (row.version !== change.version) throw new VersionConflictError(kind.toLowerCase(), id);
    if (!isLegalTransition(row.status, change.to)) throw new EngineError('ILLEGAL_TRANSITION', `${row.status} cannot become ${change.to}`);
    let restocked: { skuId: number; quantity: number } | undefined;
    if (kind === 'RETURN' && change.to === 'COMPLETED') {
      // the books first: what can fail in Postgres fails before the gateway has refunded anything
      if (change.condition === 'SELLABLE') restocked = await restockReturnedItem(client, Number(row.order_item_id));
      await refundOnce(client, deps.gateway, {
        source: 'RETURN', sourceId: id, orderId: row.order_id, amount: Number(row.refund_amount), reason: `return ${id}: ${row.reason}`,
      });
    }
    return { row: await updateRequestStatus(client, row, change), restocked };
  });
  // only the call that completed the return gets here with units: Redis follows the committed books once
  if (moved.restocked) await restockRealtimeInRedis(deps.redis, deps.namespace, [moved.restocked]);
  return afterSaleView(moved.row);
}

/** The returned item's units leave `sold` in the SKU's books (a flash-sale line has no SKU: nothing). */
async function restockReturnedItem(client: pg.PoolClient, orderItemId: number): Promise<{ skuId: number; quantity: number } | undefined> {
  const item = await lockOrderItem(client, orderItemId);
  if (!item?.sku_id) return undefined;
  await restockSoldUnits(client, Number(item.sku_id), item.quantity);
  return { skuId: Number(item.sku_id), quantity: item.quantity };
}
