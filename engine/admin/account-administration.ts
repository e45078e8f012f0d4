// Account administration: an admin sets a user's roles or publishes a new version of a policy; each
// change and its audit entry commit together.
import type pg from 'pg';
import type { PolicyKind } from '../auth/auth-wire.js';
import { publishPolicy, type Policy } from '../auth/policy-store.js';
import type { Principal } from '../auth/principal.js';
import { replaceRoles, type AssignableRole } from '../auth/role-assignment.js';
import type { Role } from '../auth/roles.js';
import { inTransaction } from '../platform/db/transaction.js';
import { recordAudit } from './admin-audit.js';

/** The new roles reach the user's tokens at its next refresh or login (engine/auth/role-assignment.ts). */
export async function setUserRoles(db: pg.Pool, admin: Principal, userId: number, request: { roles: AssignableRole[]; reason?: string }): Promise<{ userId: number; roles: Role[] }> {
  return inTransaction(db, async (client) => {
    const { before, after } = await replaceRoles(client, admin.userId, userId, request.roles);
    await recordAudit(client, { actorId: admin.userId, action: 'user.roles', target: `user:${userId}`, reason: request.reason, detail: { before, after } });
    return { userId, roles: after };
  });
}

export async function publishPolicyVersion(db: pg.Pool, admin: Principal, request: { kind: PolicyKind; body: string; title?: string; reason?: string }): Promise<Policy> {
  return inTransaction(db, async (client) => {
    const policy = await publishPolicy(client, request.kind, request.body, request.title);
    await recordAudit(client, { actorId: admin.userId, action: 'policy.publish', target: `policy:${policy.kind}`, reason: request.reason, detail: { version: policy.version } });
    return policy;
  });
}
