// Redis key shapes of inventory counters and reservations; the values' formats have their own codecs
// (reservation-record.ts, reserve-answer.ts), and lua/includes/counterField.lua and heldUnitsField.lua
// name the hash fields as counterField and heldUnitsField do.
//
// Hash tag choice: every key here shares ONE tag, `{inv}`. A multi-item reservation must be
// all-or-nothing, and a Lua script is atomic only over keys of one Redis Cluster slot; a tag per SKU
// would force one call per item and lose atomicity (a crash between calls leaves half a reservation).
// The price is that all reservation admission runs on one shard. That shard runs ~40k scripts/s here,
// far above reservation traffic; the next step is a tag per seller (`{inv:<sellerId>}`) with
// multi-seller requests split into one reservation per seller, which keeps each one atomic.

export interface InventoryKeys {
  /** hash of every SKU's counters: `<sku>:t` type (T realtime | R reservable), `<sku>:a` available
   *  (realtime), `<sku>:c` capacity per slot and `<sku>:s:<slot>` units used (reservable) */
  counters: string;
  /** zset: reservationId -> admitted-at ms; the outbox until a worker persists the reservation */
  pending: string;
  /** hash: reservationId -> reservation record (reservation-record.ts); present while its units are taken in Redis */
  records: string;
  /**
   * hash of the per-user cap on concurrently held units (heldUnitsField): `u:<userId>` units the user
   * holds through holds that count, `r:<reservationId>` units that hold counts (an order's hold counts none)
   */
  held: string;
  /** string per (user, Idempotency-Key): the stored answer (reserve-answer.ts) */
  idem(userId: number, idempotencyKey: string): string;
}

export function inventoryKeys(prefix: string): InventoryKeys {
  const tag = `${prefix}:{inv}`;
  return {
    counters: `${tag}:counters`,
    pending: `${tag}:pending`,
    records: `${tag}:records`,
    held: `${tag}:held`,
    idem: (userId, idempotencyKey) => `${tag}:idem:${userId}:${idempotencyKey}`,
  };
}

/** Field names inside the counters hash. */
export const counterField = {
  type: (skuId: number) => `${skuId}:t`,
  available: (skuId: number) => `${skuId}:a`,
  capacity: (skuId: number) => `${skuId}:c`,
  slotUsed: (skuId: number, slot: string) => `${skuId}:s:${slot}`,
};

/** Field names inside the held-units hash. */
export const heldUnitsField = {
  user: (userId: number) => `u:${userId}`,
  hold: (reservationId: string) => `r:${reservationId}`,
};
