// Order states and saga steps, and what is pushed to buyers and sellers.

export type OrderStatus =
  | 'AWAITING_PAYMENT' | 'ORDERED' | 'PAID' | 'PREPARING' | 'SHIPPING' | 'DELIVERED'
  | 'EXPIRED' | 'CANCELLED' | 'PAYMENT_CANCELLED' | 'SELLER_CANCELLED' | 'PARKED';

/**
 * Forward steps, then compensations in reverse order of the effects they undo. AWAIT_PAYMENT: a payable
 * order (flash-sale ticket, reservation checkout) waits for its buyer; RETURN_UNITS: an expired one's
 * units are going back on sale (order-expiry.ts).
 */
export type SagaStep =
  | 'AWAIT_PAYMENT' | 'RESERVE' | 'AUTHORIZE' | 'CONFIRM' | 'DONE'
  | 'CANCEL_PAYMENT' | 'RELEASE_STOCK' | 'RETURN_UNITS' | 'COMPENSATED' | 'PARKED';

/** Steps where the per-order saga has nothing to do: final ones, the buyer's turn, and the expiry's own step. */
export const notSagaDue: readonly SagaStep[] = ['DONE', 'COMPENSATED', 'PARKED', 'AWAIT_PAYMENT', 'RETURN_UNITS'];


export type ShipmentStatus = 'PENDING' | 'PREPARING' | 'SHIPPING' | 'DELIVERED' | 'CANCELLED';

/** Pushed on `order.<id>` and `user.<buyer>` on every status change (pushOrderStatus in order-events.ts). */
export interface OrderStatusPush {
  type: 'order';
  orderId: string;
  status: OrderStatus;
}

/** Pushed to `<ns>.push.user.<member>` of every member of a seller when an order with its items is paid. */
export interface SellerOrderPush {
  type: 'seller.order';
  orderId: string;
  /** the order's items of the sellers the member acts for, never another seller's */
  items: { orderItemId: number; sellerId: number; itemId: number; sku: number; quantity: number; unitPrice: number }[];
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
