// Provisioning an admin from the command line (npm run admin:create): the first admin cannot be made
// through the API, which needs an admin. Idempotent: an existing account is promoted, an admin left as
// it is. The change and its audit entry (actor null: no signed-in admin) commit together.
import type pg from 'pg';
import { normalizeEmail } from '../auth/account-service.js';
import { inTransaction } from '../platform/db/transaction.js';
import { EngineError } from '../platform/errors.js';
import { recordAudit } from './admin-audit.js';

export type Provisioning = 'created' | 'promoted' | 'unchanged';

export interface ProvisionedAdmin {
  userId: number;
  email: string;
  outcome: Provisioning;
}

/** `newAccount` is asked only when no active account has the email (so a password is hashed only then). */
export async function provisionAdmin(db: pg.Pool, rawEmail: string, newAccount: () => { name: string; passwordHash: string }): Promise<ProvisionedAdmin> {
  const email = normalizeEmail(rawEmail);
  return inTransaction(db, async (client) => {
    const { rows } = await client.query<{ id: string; roles: string[] }>(
      `SELECT u.id, ARRAY(SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id) AS roles
       FROM users u WHERE u.email = $1 AND u.status = 'active' FOR UPDATE`,
      [email],
    );
    let userId: number;
    let outcome: Provisioning;
    if (rows[0]) {
      userId = Number(rows[0].id);
      if (rows[0].roles.includes('service')) throw new EngineError('INVALID_INPUT', `${email} is a service account`);
      outcome = rows[0].roles.includes('admin') ? 'unchanged' : 'promoted';
    } else {
      const { name, passwordHash } = newAccount();
      const inserted = await client.query<{ id: string }>('INSERT INTO users (email, password_hash, name) VALUES ($1, $2, $3) RETURNING id', [email, passwordHash, name]);
      userId = Number(inserted.rows[0].id);
      outcome = 'created';
    }
    if (outcome === 'unchanged') return { userId, email, outcome };
    await client.query(`INSERT INTO user_roles (user_id, role_id) SELECT $1, id FROM roles WHERE name = 'admin' ON CONFLICT DO NOTHING`, [userId]);
    await recordAudit(client, { actorId: null, action: 'admin.create', target: `user:${userId}`, reason: 'npm run admin:create', detail: { outcome } });
    return { userId, email, outcome };
  });
}
