// msgpackr encoding of reservation batches (plain msgpack, like the sale batches).
import { Packr } from 'msgpackr';
import type { ReservationBatch } from './reservation-types.js';

const packr = new Packr({ useRecords: false });

export function encodeReservationBatch(batch: ReservationBatch): Uint8Array {
  return packr.pack(batch);
}

export function decodeReservationBatch(data: Uint8Array): ReservationBatch {
  const batch = packr.unpack(data) as ReservationBatch;
  if (!batch || !Array.isArray(batch.reservations)) throw new Error('malformed reservation batch');
  return batch;
}
