// The Redis key shapes of a sale; the values' formats have their own codecs (ticket-entry.ts,
// admit-answer.ts). All keys of one sale share the hash tag {sale:<id>}, so each script touches one
// Redis Cluster slot.

/**
 * The fields of a sale's meta hash, as lua/admit-n.lua reads them; times in epoch ms. `expires`: when the
 * sale's keys go (its end plus the idempotency window: a late retry still hears its answer); admissions set
 * it on the keys they create, so nothing of a sale outlives it.
 */
export interface SaleMeta {
  remaining: number;
  limit: number;
  starts: number;
  ends: number;
  /** absent on sales created before keys expired */
  expires?: number;
}

/** When a sale's Redis keys expire: its end plus the idempotency window. */
export function saleKeysExpireAt(endsAtMs: number, idempotencyTtlSec: number): number {
  return endsAtMs + idempotencyTtlSec * 1000;
}

export interface SaleKeys {
  /** hash: SaleMeta */
  meta: string;
  /** hash: userId -> units admitted */
  users: string;
  /** zset: ticketId -> admitted-at ms; the outbox until a worker commits the ticket */
  pending: string;
  /** hash: ticketId -> ticket entry "userId:quantity:state:idempotencyKey" (ticket-entry.ts) */
  tickets: string;
  /** hash: "userId:idempotencyKey" -> stored answer (admit-answer.ts) of every admitted attempt (at most `stock` entries) */
  admitted: string;
  /** string per (user, Idempotency-Key): the stored answer (admit-answer.ts) */
  idem(userId: number, idempotencyKey: string): string;
  /** string, lives one push interval: some edge published the remaining stock (lua/claimStockPush-3.lua) */
  pushSlot: string;
  /** string: the remaining stock published last on `sale.<id>` */
  pushed: string;
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
    pushSlot: `${tag}:push-slot`,
    pushed: `${tag}:pushed`,
  };
}

/** The field of the admitted hash for one attempt. */
export function admittedField(userId: number, idempotencyKey: string): string {
  return `${userId}:${idempotencyKey}`;
}
