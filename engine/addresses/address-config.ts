// Configuration of the address book (`config.addresses`), from the validated variables of
// engine/platform/config-schema.ts (types, ranges, defaults and meanings there and in docs/configuration.md).
import type { ConfigValues } from '../platform/config.js';

export interface AddressConfig {
  maxPerUser: number;
}

export function loadAddressConfig(v: ConfigValues): AddressConfig {
  return { maxPerUser: v.ADDRESS_BOOK_MAX_PER_USER };
}
