// The order command the intake hands to the order actors (msgpackr on JetStream): everything the actor
// needs to write the order without reading the catalog again. A HELD order has its stock hold in Redis
// (reservation id = order id); a REFUSED one never held anything and is written as cancelled.
/** One priced line: the SKU, its item and seller, units and unit price at intake. */
export type OrderCommandLine = [skuId: number, itemId: number, sellerId: number, quantity: number, unitPrice: number];

export interface OrderCommand {
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
}

/** The order's stock-hold idempotency key: its own space, apart from the keys buyers give reservations. */
export function orderHoldKey(order: Pick<OrderCommand, 'source' | 'idempotencyKey'>): string {
  return `order:${order.source}:${order.idempotencyKey}`;
}
