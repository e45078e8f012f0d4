// Where an order ships to: an address of the buyer's book (`addressId`, copied now, so later edits of
// the address never change the order) or a receiver typed inline, exactly one of them.
import type pg from 'pg';
import { EngineError } from '../platform/errors.js';
import { addressOf } from './address-rows.js';

export interface Receiver {
  name: string;
  phone: string;
  address: string;
}

/** Absent and null are alike (the schemas let optional fields be null). */
export interface ReceiverChoice {
  addressId?: number | null;
  receiver?: Receiver | null;
}

export async function chooseReceiver(db: pg.Pool, userId: number, { addressId, receiver }: ReceiverChoice): Promise<Receiver> {
  if (addressId != null && receiver != null) throw new EngineError('RECEIVER_AMBIGUOUS', 'give addressId or receiver, not both');
  if (receiver != null) return receiver;
  if (addressId == null) throw new EngineError('RECEIVER_REQUIRED', 'give addressId (from the address book) or receiver');
  const found = await addressOf(db, userId, addressId);
  if (!found) throw new EngineError('ADDRESS_NOT_FOUND', 'no such address in your address book');
  return { name: found.name, phone: found.phone, address: found.address };
}
