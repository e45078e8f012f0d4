// What each role may do. Edges check these locally per route (no call to the auth module); the
// RBAC tables of migration 003 hold the same grants, and a test keeps both identical.
import type { Role } from './roles.js';

export const permissions = [
  'sale:create',
  'item:write',
  'category:write',
  'order:read:own',
  'order:read:any',
  'order:create',
  'order:intake',
  'payment:write',
  'client:write',
  'key:rotate',
] as const;

export type Permission = (typeof permissions)[number];

export const rolePermissions: Readonly<Record<Role, readonly Permission[]>> = {
  buyer: ['order:create', 'order:read:own'],
  seller: ['item:write', 'order:read:own'],
  admin: ['sale:create', 'item:write', 'category:write', 'order:read:any', 'client:write', 'key:rotate'],
  // service principals get exactly the scopes of their client instead (see grants())
  service: [],
};

/** Scopes a service client may be given. */
export const serviceScopes: readonly Permission[] = ['order:intake', 'order:read:any', 'payment:write'];

export function isPermission(x: unknown): x is Permission {
  return typeof x === 'string' && (permissions as readonly string[]).includes(x);
}

const byRole = new Map<Role, ReadonlySet<Permission>>(
  (Object.entries(rolePermissions) as [Role, readonly Permission[]][]).map(([role, list]) => [role, new Set(list)]),
);

/** Whether a principal's roles or scopes grant the permission. */
export function grants(principal: { roles: readonly Role[]; scopes: readonly string[] }, permission: Permission): boolean {
  for (const role of principal.roles) if (byRole.get(role)?.has(permission)) return true;
  return principal.scopes.includes(permission);
}
