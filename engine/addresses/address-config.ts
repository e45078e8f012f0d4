// Configuration of the address book, from environment variables (composed into EngineConfig by
// engine/platform/config.ts as `config.addresses`).
//   ADDRESS_BOOK_MAX_PER_USER  20  addresses one user may keep (409 ADDRESS_BOOK_FULL beyond)
import { int } from '../platform/config.js';

export interface AddressConfig {
  maxPerUser: number;
}

export function loadAddressConfig(env: NodeJS.ProcessEnv): AddressConfig {
  const maxPerUser = int(env, 'ADDRESS_BOOK_MAX_PER_USER', 20);
  if (maxPerUser < 1) throw new Error('ADDRESS_BOOK_MAX_PER_USER must be at least 1');
  return { maxPerUser };
}
