// Redis key shapes of the orders domain (the stock holds' keys are the reservation domain's, reservation-keys.ts).

export interface BuyerItemKeys {
  /** hash: the buyer's accepted orders not written to Postgres yet, Idempotency hold key -> { orderId, at, lines: [itemId, units][] } */
  pending: string;
  /** string: the token of whoever checks the buyer's maxPerBuyer counts now (SET NX PX) */
  lock: string;
}

export function buyerItemKeys(prefix: string, userId: number): BuyerItemKeys {
  const base = `${prefix}:buyer-items:${userId}`;
  return { pending: base, lock: `${base}:lock` };
}
