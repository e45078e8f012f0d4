// The product lifecycle and its legal transitions: forward one step at a time, a review may send the
// item back to development, and a launched or selling item may be retired.
import type { Lifecycle } from './catalog-types.js';

export const lifecycleStates: readonly Lifecycle[] = ['PLANNING', 'DEVELOPMENT', 'REVIEW', 'PREPARATION', 'LAUNCH', 'SALES', 'END_OF_LIFE'];

const legal: Record<Lifecycle, readonly Lifecycle[]> = {
  PLANNING: ['DEVELOPMENT'],
  DEVELOPMENT: ['REVIEW'],
  REVIEW: ['PREPARATION', 'DEVELOPMENT'],
  PREPARATION: ['LAUNCH'],
  LAUNCH: ['SALES', 'END_OF_LIFE'],
  SALES: ['END_OF_LIFE'],
  END_OF_LIFE: [],
};

export function isLegalTransition(from: Lifecycle, to: Lifecycle): boolean {
  return legal[from].includes(to);
}

/** Lifecycle states whose items the public listing and detail show. */
export const publicLifecycles: readonly Lifecycle[] = ['LAUNCH', 'SALES'];
