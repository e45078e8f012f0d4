// Order states and saga steps, and what is pushed to buyers.

export type OrderStatus =
  | 'ORDERED' | 'PAID' | 'PREPARING' | 'SHIPPING' | 'DELIVERED'
  | 'CANCELLED' | 'PAYMENT_CANCELLED' | 'SELLER_CANCELLED' | 'PARKED';

/** Forward steps, then compensations in reverse order of the effects they undo. */
export type SagaStep = 'RESERVE' | 'AUTHORIZE' | 'CONFIRM' | 'DONE' | 'CANCEL_PAYMENT' | 'RELEASE_STOCK' | 'COMPENSATED' | 'PARKED';

/** Steps after which the saga has nothing left to do. */
export const finalSteps: readonly SagaStep[] = ['DONE', 'COMPENSATED', 'PARKED'];

export type ShipmentStatus = 'PENDING' | 'PREPARING' | 'SHIPPING' | 'DELIVERED' | 'CANCELLED';

/** Pushed to `<ns>.push.user.<buyer>` on every status change. */
export interface OrderStatusPush {
  type: 'order';
  orderId: string;
  status: OrderStatus;
}

/** One order as the intake takes it (from a cart, a request body or an internal batch). */
export interface NewOrder {
  userId: number;
  source: 'API' | 'INTERNAL';
  idempotencyKey: string;
  lines: { sku: number; quantity: number }[];
  receiver: { name: string; phone: string; address: string };
  deliveryNote: string;
  cardToken: string;
}
