// An admin sets a user's roles (user_roles). The new roles reach the user's tokens at its next refresh
// or login (refresh reads the roles again); an access token already issued keeps its roles until it
// expires (AUTH_ACCESS_TTL_SEC). Guards: buyer and seller stay separate accounts, a service account's
// role is fixed, an admin cannot drop its own admin role, and the last admin cannot be demoted.
import type pg from 'pg';
import { EngineError } from '../platform/errors.js';
import type { Role } from './roles.js';

/** The roles an admin may assign. */
export type AssignableRole = Exclude<Role, 'service'>;
export const assignableRoles: readonly AssignableRole[] = ['buyer', 'seller', 'admin'];

/** Replaces the user's roles in the caller's transaction; answers the roles before and after. */
export async function replaceRoles(client: pg.PoolClient, actorId: number, userId: number, wanted: AssignableRole[]): Promise<{ before: Role[]; after: Role[] }> {
  if (wanted.includes('buyer') && wanted.includes('seller')) throw new EngineError('ROLE_CONFLICT', 'buyer and seller are separate accounts');
  const { rows } = await client.query<{ roles: Role[] }>(
    `SELECT ARRAY(SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id ORDER BY r.id) AS roles
     FROM users u WHERE u.id = $1 AND u.status = 'active' FOR UPDATE`,
    [userId],
  );
  if (!rows[0]) throw new EngineError('NOT_FOUND', 'account not found');
  const before = rows[0].roles;
  if (before.includes('service')) throw new EngineError('INVALID_INPUT', 'a service account\'s role is fixed');
  if (before.includes('admin') && !wanted.includes('admin')) await assertAnotherAdmin(client, actorId, userId);
  await client.query('DELETE FROM user_roles WHERE user_id = $1 AND role_id IN (SELECT id FROM roles WHERE NOT (name = ANY($2::text[])))', [userId, wanted]);
  await client.query(
    'INSERT INTO user_roles (user_id, role_id) SELECT $1, id FROM roles WHERE name = ANY($2::text[]) ON CONFLICT DO NOTHING',
    [userId, wanted],
  );
  return { before, after: assignableRoles.filter((r) => wanted.includes(r)) };
}

/**
 * Every admin's role row is locked: two demotions at once queue here, and the later one counts the
 * admins the first left.
 */
async function assertAnotherAdmin(client: pg.PoolClient, actorId: number, userId: number): Promise<void> {
  if (actorId === userId) throw new EngineError('SELF_DEMOTION', 'an admin cannot take its own admin role away');
  const { rows } = await client.query<{ user_id: string }>(
    `SELECT ur.user_id FROM user_roles ur JOIN users u ON u.id = ur.user_id
     WHERE ur.role_id = (SELECT id FROM roles WHERE name = 'admin') AND u.status = 'active' ORDER BY ur.user_id FOR UPDATE OF ur`,
  );
  if (!rows.some((r) => Number(r.user_id) !== userId)) throw new EngineError('LAST_ADMIN', 'the last admin cannot be demoted');
}
