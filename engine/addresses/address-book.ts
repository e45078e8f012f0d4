// A user's address book: add, list, change, delete; at most `maxPerUser` addresses and, while any
// exist, exactly one default. The first address becomes the default; making another the default
// unsets the old one in the same transaction; deleting the default promotes the newest remaining one.
// Someone else's address is simply not found.
import type pg from 'pg';
import { EngineError, VersionConflictError } from '../platform/errors.js';
import {
  addressesOf, addressOf, clearDefault, countAddresses, deleteAddressRow, insertAddress, promoteNewest, updateAddressRow,
  userAddressTransaction, type Address, type AddressFields,
} from './address-rows.js';

export interface AddressBookDeps {
  db: pg.Pool;
  maxPerUser: number;
}

export interface NewAddress extends Omit<AddressFields, 'label'> {
  label?: string | null;
  /** make it the default now (the first address always is) */
  isDefault?: boolean;
}

export interface AddressChanges extends Partial<AddressFields> {
  /** only `true`: the default moves by making another address the default, never by unsetting it */
  isDefault?: true;
  /** when given, the change applies only to this version (409 VERSION_CONFLICT otherwise) */
  version?: number | null;
}

const notFound = () => new EngineError('NOT_FOUND', 'no such address');

export function listAddresses(db: pg.Pool, userId: number): Promise<Address[]> {
  return addressesOf(db, userId);
}

export function addAddress({ db, maxPerUser }: AddressBookDeps, userId: number, input: NewAddress): Promise<Address> {
  return userAddressTransaction(db, userId, async (client) => {
    const count = await countAddresses(client, userId);
    if (count >= maxPerUser) throw new EngineError('ADDRESS_BOOK_FULL', `at most ${maxPerUser} addresses per user; delete one first`);
    const isDefault = input.isDefault === true || count === 0;
    if (isDefault) await clearDefault(client, userId);
    const { name, phone, address, label } = input;
    return insertAddress(client, userId, { label: label ?? '', name, phone, address }, isDefault);
  });
}

export function changeAddress({ db }: AddressBookDeps, userId: number, id: number, changes: AddressChanges): Promise<Address> {
  return userAddressTransaction(db, userId, async (client) => {
    const current = await addressOf(client, userId, id);
    if (!current) throw notFound();
    if (changes.version != null && changes.version !== current.version) throw new VersionConflictError('address', id);
    const makeDefault = changes.isDefault === true && !current.isDefault;
    if (makeDefault) await clearDefault(client, userId);
    const { isDefault: _, version: __, ...fields } = changes;
    const updated = await updateAddressRow(client, userId, id, fields, makeDefault);
    if (!updated) throw notFound();
    return updated;
  });
}

export function removeAddress({ db }: AddressBookDeps, userId: number, id: number): Promise<void> {
  return userAddressTransaction(db, userId, async (client) => {
    const removed = await deleteAddressRow(client, userId, id);
    if (!removed) throw notFound();
    if (removed.wasDefault) await promoteNewest(client, userId);
  });
}
