// People acting on an order: the buyer cancels (allowed before anything ships), a seller moves its own
// items through PREPARING -> SHIPPING -> DELIVERED or cancels them (the whole order is then refunded as
// SELLER_CANCELLED). A cancel only moves the saga into its compensations; the orchestrator runs them.
import type { NatsConnection } from '@nats-io/transport-node';
import type pg from 'pg';
import { inTransaction } from '../platform/db/transaction.js';
import { EngineError, VersionConflictError } from '../platform/errors.js';
import { changeOrder, pushOrderStatus } from './order-events.js';
import type { OrderStatus, SagaStep, ShipmentStatus } from './order-types.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const forwardSteps: readonly SagaStep[] = ['RESERVE', 'AUTHORIZE', 'CONFIRM', 'DONE'];

interface LockedOrder {
  id: string;
  user_id: string;
  status: OrderStatus;
  saga_step: SagaStep;
  version: number;
}

async function lockOrder(client: pg.PoolClient, orderId: string): Promise<LockedOrder | undefined> {
  if (!uuid.test(orderId)) return undefined;
  const { rows } = await client.query<LockedOrder>('SELECT id, user_id, status, saga_step, version FROM shop_orders WHERE id = $1 FOR UPDATE', [orderId]);
  return rows[0];
}

async function anyShipped(client: pg.PoolClient, orderId: string): Promise<boolean> {
  const { rowCount } = await client.query(`SELECT 1 FROM shop_order_items WHERE order_id = $1 AND shipment_status IN ('SHIPPING', 'DELIVERED')`, [orderId]);
  return (rowCount ?? 0) > 0;
}

function startCompensation(client: pg.PoolClient, order: LockedOrder, to: OrderStatus, code: string): Promise<void> {
  // the payment step first: it answers "nothing to cancel" when no payment was taken
  return changeOrder(client, order, { saga_step: 'CANCEL_PAYMENT', compensate_to: to, failure_code: code, saga_attempts: 0, next_attempt_at: new Date() });
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
    await startCompensation(client, order, 'CANCELLED', 'CANCELLED_BY_BUYER');
    return { orderId: order.id, status: order.status };
  });
}

const nextShipment: Record<ShipmentStatus, readonly ShipmentStatus[]> = {
  PENDING: ['PREPARING', 'CANCELLED'],
  PREPARING: ['SHIPPING', 'CANCELLED'],
  SHIPPING: ['DELIVERED'],
  DELIVERED: [],
  CANCELLED: [],
};

/** The order's status from its items' shipment states. */
function deliveryStatus(states: ShipmentStatus[]): OrderStatus {
  if (states.every((s) => s === 'DELIVERED')) return 'DELIVERED';
  if (states.some((s) => s === 'SHIPPING' || s === 'DELIVERED')) return 'SHIPPING';
  if (states.some((s) => s === 'PREPARING')) return 'PREPARING';
  return 'PAID';
}

/** A seller member moves one of its order items; answers the order's status afterwards. */
export async function updateShipment(
  db: pg.Pool,
  nc: NatsConnection,
  namespace: string,
  sellerUserId: number,
  orderId: string,
  orderItemId: number,
  to: ShipmentStatus,
): Promise<{ orderId: string; status: OrderStatus; shipmentStatus: ShipmentStatus }> {
  const result = await inTransaction(db, async (client) => {
    const order = await lockOrder(client, orderId);
    const { rows } = order
      ? await client.query<{ shipment_status: ShipmentStatus; version: number; member: boolean }>(
          `SELECT i.shipment_status, i.version,
                  EXISTS (SELECT 1 FROM seller_members m WHERE m.seller_id = i.seller_id AND m.user_id = $3) AS member
           FROM shop_order_items i WHERE i.order_id = $1 AND i.id = $2`,
          [orderId, orderItemId, sellerUserId],
        )
      : { rows: [] };
    const item = rows[0];
    if (!order || !item?.member) throw new EngineError('NOT_FOUND', 'order item not found');
    if (order.saga_step !== 'DONE' || !nextShipment[item.shipment_status].includes(to)) {
      throw new EngineError('ILLEGAL_SHIPMENT_TRANSITION', `item is ${item.shipment_status} and the order ${order.status}; cannot move to ${to}`);
    }
    const updated = await client.query(
      `UPDATE shop_order_items SET shipment_status = $3, delivered_at = CASE WHEN $3 = 'DELIVERED' THEN now() END, version = version + 1
       WHERE id = $1 AND version = $2`,
      [orderItemId, item.version, to],
    );
    if (updated.rowCount === 0) throw new VersionConflictError('order item', orderItemId);
    if (to === 'CANCELLED') {
      await startCompensation(client, order, 'SELLER_CANCELLED', 'CANCELLED_BY_SELLER');
      return { order, status: order.status };
    }
    const states = await client.query<{ shipment_status: ShipmentStatus }>('SELECT shipment_status FROM shop_order_items WHERE order_id = $1', [orderId]);
    const status = deliveryStatus(states.rows.map((r) => r.shipment_status));
    if (status !== order.status) await changeOrder(client, order, { status }, { orderItemId, shipment: to });
    return { order, status };
  });
  if (result.status !== result.order.status) pushOrderStatus(nc, namespace, Number(result.order.user_id), orderId, result.status);
  return { orderId, status: result.status, shipmentStatus: to };
}
