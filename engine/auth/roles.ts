// The roles a token can carry. Anything else in a token's `roles` claim makes the token invalid.

export type Role = 'buyer' | 'seller' | 'admin' | 'service';

export const roles: readonly Role[] = Object.freeze(['buyer', 'seller', 'admin', 'service'] as const);

export function isRole(x: unknown): x is Role {
  return x === 'buyer' || x === 'seller' || x === 'admin' || x === 'service';
}
