// msgpackr encoding of JetStream payloads. Plain msgpack (no records extension) so any client can read it.
import { Packr } from 'msgpackr';
import type { TicketBatch } from '../../sale/sale-wire-types.js';

const packr = new Packr({ useRecords: false });

export function encodeTicketBatch(batch: TicketBatch): Uint8Array {
  return packr.pack(batch);
}

export function decodeTicketBatch(data: Uint8Array): TicketBatch {
  const batch = packr.unpack(data) as TicketBatch;
  if (!batch || !Array.isArray(batch.tickets)) throw new Error('malformed ticket batch');
  return batch;
}
