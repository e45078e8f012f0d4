// Every Redis key shape lives here. All keys of one sale share the hash tag {sale:<id>},
// so each script touches one Redis Cluster slot.

export interface SaleKeys {
  /** hash: remaining, limit, starts, ends (epoch ms) */
  meta: string;
  /** hash: userId -> units admitted */
  users: string;
  /** zset: ticketId -> admitted-at ms; the outbox until a worker commits the ticket */
  pending: string;
  /** hash: ticketId -> "userId:quantity" */
  tickets: string;
  /** hash: "userId:idempotencyKey" -> stored answer of every admitted attempt (at most `stock` entries) */
  admitted: string;
  /** string per (user, Idempotency-Key): the stored answer */
  idem(userId: number, idempotencyKey: string): string;
}

export function saleKeys(prefix: string, saleId: number): SaleKeys {
  const tag = `${prefix}:{sale:${saleId}}`;
  return {
    meta: `${tag}:meta`,
    users: `${tag}:users`,
    pending: `${tag}:pending`,
    tickets: `${tag}:tickets`,
    admitted: `${tag}:admitted`,
    idem: (userId, idempotencyKey) => `${tag}:idem:${userId}:${idempotencyKey}`,
  };
}

/** The field of the admitted hash for one attempt. */
export function admittedField(userId: number, idempotencyKey: string): string {
  return `${userId}:${idempotencyKey}`;
}
