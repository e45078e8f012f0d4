// The order command the intake hands to the order actors (msgpackr on JetStream): everything the actor
// needs to write the order without reading the catalog again. A HELD order has its stock hold in Redis
// (reservation id = order id); a REFUSED one never held anything and is written as cancelled.
import { Packr } from 'msgpackr';

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

/** One JetStream message: a micro-batch of order commands of one partition. */
export interface OrderCommandBatch {
  orders: OrderCommand[];
}

const packr = new Packr({ useRecords: false });

export function encodeOrderBatch(batch: OrderCommandBatch): Uint8Array {
  return packr.pack(batch);
}

export function decodeOrderBatch(data: Uint8Array): OrderCommandBatch {
  const batch = packr.unpack(data) as OrderCommandBatch;
  if (!batch || !Array.isArray(batch.orders)) throw new Error('malformed order batch');
  return batch;
}
