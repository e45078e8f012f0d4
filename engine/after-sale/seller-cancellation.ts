// A seller cancels an order item that has not shipped: the item becomes CANCELLED and its amount is
// refunded once; when no live item is left the order becomes SELLER_CANCELLED.
import type pg from 'pg';
import type { Principal } from '../auth/principal.js';
import { inTransaction } from '../platform/db/transaction.js';
import { assertSellerMember } from '../catalog/seller-store.js';
import { EngineError, VersionConflictError } from '../platform/errors.js';
import type { PaymentGateway } from '../payment/payment-gateway.js';
import { cancelOrderItem, lockOrderItem, sellerCancelWhenNoItemLeft } from '../orders/order-rows.js';
import type { CancelledItemView, SellerCancellation } from './after-sale-types.js';
import { refundOnce } from './refund.js';

export async function cancelOrderItemBySeller(
  db: pg.Pool, gateway: PaymentGateway, principal: Principal, orderItemId: number, input: SellerCancellation,
): Promise<CancelledItemView> {
  return inTransaction(db, async (client) => {
    const item = await lockOrderItem(client, orderItemId);
    if (!item) throw new EngineError('NOT_FOUND', `order item ${orderItemId} not found`);
    await assertSellerMember(client, Number(item.seller_id), principal);
    const answer = (version: number): CancelledItemView => ({
      orderItemId, orderId: item.order_id, shipmentStatus: 'CANCELLED', refundAmount: Number(item.amount), version,
    });
    // a retried cancellation answers what the first one did
    if (item.shipment_status === 'CANCELLED' && item.version === input.version + 1) return answer(item.version);
    if (item.version !== input.version) throw new VersionConflictError('order item', orderItemId);
    if (!['PENDING', 'PREPARING'].includes(item.shipment_status)) {
      throw new EngineError('NOT_CANCELLABLE', `order item ${orderItemId} is ${item.shipment_status}; only an item not yet shipped can be cancelled`);
    }
    await refundOnce(client, gateway, {
      source: 'SELLER_CANCEL', sourceId: orderItemId, orderId: item.order_id, amount: Number(item.amount),
      reason: `seller cancelled order item ${orderItemId}: ${input.reason}`,
    });
    await cancelOrderItem(client, orderItemId);
    await sellerCancelWhenNoItemLeft(client, item.order_id);
    return answer(item.version + 1);
  });
}
