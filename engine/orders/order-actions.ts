// People acting on an order: the buyer cancels (allowed before anything ships; it only moves the saga
// into its compensations, which the orchestrator runs), a seller moves its own items through PREPARING ->
// SHIPPING -> DELIVERED (a parcel with its tracking number: order-shipments.ts; the buyer's receipt
// confirmation: receipt-confirmation.ts). A seller's cancel of its item is the after-sale seller
// cancellation (engine/after-sale/seller-cancellation.ts): that item alone is refunded and restocked.
import type { NatsConnection } from '@nats-io/transport-node';
import type pg from 'pg';
import { inTransaction } from '../platform/db/transaction.js';
import { EngineError, VersionConflictError } from '../platform/errors.js';
import { isSellerMember } from '../catalog/seller-store.js';
import { changeOrder, pushOrderStatus } from './order-events.js';
import { anyShipped, lockOrderRow, orderItemOf, setShipmentStatus, shipmentStates, type LockedOrder } from './order-rows.js';
import type { OrderStatus, SagaStep, ShipmentStatus } from './order-types.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const forwardSteps: readonly SagaStep[] = ['RESERVE', 'AUTHORIZE', 'CONFIRM', 'DONE'];

/** The order locked for a change by a person; undefined when missing (or not an order id at all). */
export async function lockOrder(client: pg.PoolClient, orderId: string): Promise<LockedOrder | undefined> {
  return uuid.test(orderId) ? lockOrderRow(client, orderId) : undefined;
}

/** The buyer's cancel: allowed while the saga runs forward and nothing has shipped. */
export async function cancelOrder(db: pg.Pool, orderId: string, userId: number): Promise<{ orderId: string; status: OrderStatus }> {
  return inTransaction(db, async (client) => {
    const order = await lockOrder(client, orderId);
    if (!order || Number(order.user_id) !== userId) throw new EngineError('NOT_FOUND', 'order not found');
    const allowed = forwardSteps.includes(order.saga_step) && ['ORDERED', 'PAID', 'PREPARING'].includes(order.status);
    if (!allowed || (await anyShipped(client, order.id))) {
      throw new EngineError('ORDER_NOT_CANCELLABLE', `an order that is ${order.status} (${order.saga_step}) can no longer be cancelled`);
    }
    // the payment step first: it answers "nothing to cancel" when no payment was taken
    await changeOrder(client, order, { saga_step: 'CANCEL_PAYMENT', compensate_to: 'CANCELLED', failure_code: 'CANCELLED_BY_BUYER', saga_attempts: 0, next_attempt_at: new Date() });
    return { orderId: order.id, status: order.status };
  });
}

const nextShipment: Record<ShipmentStatus, readonly ShipmentStatus[]> = {
  PENDING: ['PREPARING'],
  PREPARING: ['SHIPPING'],
  SHIPPING: ['DELIVERED'],
  DELIVERED: [],
  CANCELLED: [],
};

/** The order's status from its live (not cancelled) items' shipment states; none left: SELLER_CANCELLED. */
export function deliveryStatus(states: ShipmentStatus[]): OrderStatus {
  const live = states.filter((s) => s !== 'CANCELLED');
  if (live.length === 0) return 'SELLER_CANCELLED';
  if (live.every((s) => s === 'DELIVERED')) return 'DELIVERED';
  if (live.some((s) => s === 'SHIPPING' || s === 'DELIVERED')) return 'SHIPPING';
  if (live.some((s) => s === 'PREPARING')) return 'PREPARING';
  return 'PAID';
}

/**
 * After one of its items was cancelled (in the caller's transaction): the order follows its live items.
 * Answers the new status and the buyer when it moved, for the caller to push after its commit.
 */
export async function followCancelledItem(client: pg.PoolClient, orderId: string, orderItemId: number): Promise<{ userId: number; status: OrderStatus } | undefined> {
  // not locked: the caller holds the item's lock, and the change below is version-checked
  const order = await lockOrderRow(client, orderId, false);
  if (!order) return undefined;
  const status = deliveryStatus(await shipmentStates(client, orderId));
  if (status === order.status) return undefined;
  await changeOrder(client, order, { status }, { orderItemId, shipment: 'CANCELLED' });
  return { userId: Number(order.user_id), status };
}

/** A seller member moves one of its order items; answers the order's status afterwards. */
export async function updateShipment(
  db: pg.Pool,
  nc: NatsConnection,
  namespace: string,
  sellerUserId: number,
  orderId: string,
  orderItemId: number,
  to: Exclude<ShipmentStatus, 'PENDING' | 'CANCELLED'>,
): Promise<{ orderId: string; status: OrderStatus; shipmentStatus: ShipmentStatus }> {
  const result = await inTransaction(db, async (client) => {
    const order = await lockOrder(client, orderId);
    const item = order ? await orderItemOf(client, orderId, orderItemId) : undefined;
    const member = item !== undefined && (await isSellerMember(client, Number(item.seller_id), sellerUserId));
    if (!order || !item || !member) throw new EngineError('NOT_FOUND', 'order item not found');
    if (order.saga_step !== 'DONE' || !nextShipment[item.shipment_status].includes(to)) {
      throw new EngineError('ILLEGAL_SHIPMENT_TRANSITION', `item is ${item.shipment_status} and the order ${order.status}; cannot move to ${to}`);
    }
    if (!(await setShipmentStatus(client, orderItemId, item.version, to))) throw new VersionConflictError('order item', orderItemId);
    const status = deliveryStatus(await shipmentStates(client, orderId));
    if (status !== order.status) await changeOrder(client, order, { status }, { orderItemId, shipment: to });
    return { order, status };
  });
  if (result.status !== result.order.status) pushOrderStatus(nc, namespace, Number(result.order.user_id), orderId, result.status);
  return { orderId, status: result.status, shipmentStatus: to };
}
