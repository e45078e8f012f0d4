// The messages the order actors take (msgpackr on JetStream): a new order from the intake (everything the
// actor needs to write it without reading the catalog again; a HELD order has its stock hold in Redis,
// reservation id = order id; a REFUSED one never held anything and is written as cancelled), and a
// buyer's payment of an order that awaits it (order-payment.ts). Both end in a Charge the actor pays.
/** One priced line: the SKU, its item and seller, units and unit price at intake. */
export type OrderCommandLine = [skuId: number, itemId: number, sellerId: number, quantity: number, unitPrice: number];

export interface OrderCommand {
  kind: 'NEW';
  id: string;
  userId: number;
  source: 'API' | 'INTERNAL';
  idempotencyKey: string;
  outcome: 'HELD' | 'REFUSED';
  /** why a REFUSED order was refused (e.g. INSUFFICIENT_STOCK) */
  failureCode?: string;
  lines: OrderCommandLine[];
  total: number;
  receiver: { name: string; phone: string; address: string };
  deliveryNote: string;
  cardToken: string;
  /** when the stock hold ends (the reservation expiry job returns it) */
  holdExpiresAtMs: number;
  /** request fingerprint, kept with the hold's reservation row */
  print: string;
  /** a hold's checkout: the reservation (held and persisted already) whose units the order buys; absent: the order's own hold */
  holdId?: string;
  /** a hold's checkout is payable until its hold ends: a declined payment leaves it AWAITING_PAYMENT */
  payByMs?: number;
}

/** The order's stock-hold idempotency key: its own space, apart from the keys buyers give reservations. */
export function orderHoldKey(order: Pick<OrderCommand, 'source' | 'idempotencyKey'>): string {
  return `order:${order.source}:${order.idempotencyKey}`;
}

/** A buyer pays an AWAITING_PAYMENT order: attempt `attempt` (the order's payment_attempts when asked). */
export interface PayCommand {
  kind: 'PAY';
  id: string;
  userId: number;
  attempt: number;
  cardToken: string;
  receiver: { name: string; phone: string; address: string };
  total: number;
  /** the reservation whose units the payment buys (a hold's checkout); null for a flash-sale ticket's order */
  holdId: string | null;
  /** a hold's lines (its SKU books move from held to sold when paid); none for a flash-sale order */
  lines: OrderCommandLine[];
}

export type OrderMessage = OrderCommand | PayCommand;

/**
 * What a payment needs of its order, whichever message started it. `holdId`: the stock hold a payment
 * turns into sold units (the order's own for a cart order, a reservation's for a checkout, null for a
 * flash-sale order, whose unit was sold at admission). `payable`: a failed payment leaves the order
 * AWAITING_PAYMENT (the buyer may pay again until payBy) instead of cancelling it.
 */
export interface Charge {
  id: string;
  userId: number;
  total: number;
  cardToken: string;
  lines: OrderCommandLine[];
  holdId: string | null;
  payable: boolean;
}
