// A seller cancels an order item that has not shipped: the item becomes CANCELLED, its amount is
// refunded once and its units go back on sale; the order follows its live items (SELLER_CANCELLED when
// none is left; a status change is pushed after the commit). Only that item: the order's other items, of
// this or other sellers, are untouched.
import type { Principal } from '../auth/principal.js';
import { inTransaction } from '../platform/db/transaction.js';
import { assertSellerMember } from '../catalog/seller-store.js';
import { EngineError, VersionConflictError } from '../platform/errors.js';
import { cancelOrderItem, lockOrderItem } from '../orders/order-rows.js';
import { followCancelledItem } from '../orders/order-actions.js';
import { pushOrderStatus } from '../orders/order-events.js';
import { restockRealtimeInRedis, restockSoldUnits } from '../orders/order-stock.js';
import type { OrderStatus } from '../orders/order-types.js';
import type { AfterSaleDeps } from './after-sale-deps.js';
import type { CancelledItemView, SellerCancellation } from './after-sale-types.js';
import { refundOnce } from './refund.js';

/** `input.version` absent: the item as it is now; `orderId`: the item must belong to that order. */
export async function cancelOrderItemBySeller(
  deps: AfterSaleDeps, principal: Principal, orderItemId: number, input: Partial<SellerCancellation> & { reason: string }, orderId?: string,
): Promise<CancelledItemView> {
  const { db, gateway } = deps;
  const view = await inTransaction(db, async (client) => {
    const item = await lockOrderItem(client, orderItemId);
    if (!item || item.seller_id === null || (orderId !== undefined && item.order_id !== orderId)) throw new EngineError('NOT_FOUND', `order item ${orderItemId} not found`);
    await assertSellerMember(client, Number(item.seller_id), principal);
    const version = input.version ?? item.version;
    type Answer = CancelledItemView & { restock?: { skuId: number; quantity: number }; moved?: { userId: number; status: OrderStatus } };
    const answer = (version: number, restock = false, moved?: Answer['moved']): Answer => ({
      orderItemId, orderId: item.order_id, shipmentStatus: 'CANCELLED', refundAmount: Number(item.amount), version,
      ...(restock && item.sku_id ? { restock: { skuId: Number(item.sku_id), quantity: item.quantity } } : {}),
      ...(moved ? { moved } : {}),
    });
    // a retried cancellation answers what the first one did
    if (item.shipment_status === 'CANCELLED' && item.version === version + 1) return answer(item.version);
    if (item.version !== version) throw new VersionConflictError('order item', orderItemId);
    if (!['PENDING', 'PREPARING'].includes(item.shipment_status)) {
      throw new EngineError('NOT_CANCELLABLE', `order item ${orderItemId} is ${item.shipment_status}; only an item not yet shipped can be cancelled`);
    }
    await refundOnce(client, gateway, {
      source: 'SELLER_CANCEL', sourceId: orderItemId, orderId: item.order_id, amount: Number(item.amount),
      reason: `seller cancelled order item ${orderItemId}: ${input.reason}`,
    });
    await cancelOrderItem(client, orderItemId);
    if (item.sku_id) await restockSoldUnits(client, Number(item.sku_id), item.quantity);
    return answer(item.version + 1, true, await followCancelledItem(client, item.order_id, orderItemId));
  });
  const { restock, moved, ...cancelled } = view;
  if (moved) pushOrderStatus(deps.nc, deps.namespace, moved.userId, cancelled.orderId, moved.status);
  if (restock) await restockRealtimeInRedis(deps.redis, deps.namespace, [restock]);
  return cancelled;
}
