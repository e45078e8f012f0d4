// Accounts in Postgres: users with their roles, seller details and accepted terms.
import type pg from 'pg';
import { EngineError } from '../platform/errors.js';
import type { AccountType, PolicyAcceptance, Profile, Registration, SellerDetails } from './auth-wire.js';
import type { Role } from './roles.js';
import { isUniqueViolation } from '../platform/db/pg-errors.js';

type Queryable = Pick<pg.PoolClient, 'query'>;

export interface Credentials {
  id: number;
  passwordHash: string;
  roles: Role[];
}

const emailTaken = (cause?: unknown) => new EngineError('EMAIL_TAKEN', 'an account with this email exists', { cause });

const ROLES_OF = `ARRAY(SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id ORDER BY r.id)`;

/** Inserts the user, its role, seller details and accepted terms; run inside a transaction. */
export async function insertAccount(db: Queryable, input: Registration & { passwordHash: string }): Promise<number> {
  let id: number;
  try {
    const { rows } = await db.query<{ id: string }>(
      'INSERT INTO users (email, password_hash, name, phone) VALUES ($1, $2, $3, $4) RETURNING id',
      [input.email, input.passwordHash, input.name, input.phone ?? null],
    );
    id = Number(rows[0]!.id);
  } catch (err) {
    if (isUniqueViolation(err)) throw emailTaken(err);
    throw err;
  }
  await grantRole(db, id, input.accountType);
  if (input.accountType === 'seller' && input.seller) await insertSeller(db, id, input.seller);
  for (const { kind, version } of input.acceptedPolicies) {
    await db.query('INSERT INTO policy_acceptances (user_id, kind, version) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [id, kind, version]);
  }
  return id;
}

/**
 * Refuses an email an active account already has, before a registration spends a scrypt hash on it.
 * Two registrations of one new email can both pass; the unique index still refuses the second insert.
 */
export async function assertEmailFree(db: Queryable, email: string): Promise<void> {
  const { rowCount } = await db.query("SELECT 1 FROM users WHERE email = $1 AND status = 'active'", [email]);
  if (rowCount !== 0) throw emailTaken();
}

/** The user row of a service client: no password, it signs in with its client secret. */
export async function insertServiceUser(db: Queryable, email: string, name: string): Promise<number> {
  const { rows } = await db.query<{ id: string }>('INSERT INTO users (email, password_hash, name) VALUES ($1, NULL, $2) RETURNING id', [email, name]);
  return Number(rows[0]!.id);
}

export async function grantRole(db: Queryable, userId: number, role: Role | AccountType): Promise<void> {
  await db.query('INSERT INTO user_roles (user_id, role_id) SELECT $1, id FROM roles WHERE name = $2 ON CONFLICT DO NOTHING', [userId, role]);
}

async function insertSeller(db: Queryable, userId: number, seller: SellerDetails): Promise<void> {
  await db.query('INSERT INTO seller_profiles (user_id, business_name, business_type, business_number) VALUES ($1, $2, $3, $4)', [
    userId,
    seller.businessName,
    seller.businessType,
    seller.businessNumber ?? null,
  ]);
}

/** An active account's password hash and roles; deleted and unknown accounts are both undefined. */
export async function findCredentials(db: Queryable, email: string): Promise<Credentials | undefined> {
  const { rows } = await db.query<{ id: string; password_hash: string | null; roles: Role[] }>(
    `SELECT u.id, u.password_hash, ${ROLES_OF} AS roles FROM users u WHERE u.email = $1 AND u.status = 'active'`,
    [email],
  );
  const row = rows[0];
  if (!row || row.password_hash === null) return undefined;
  return { id: Number(row.id), passwordHash: row.password_hash, roles: row.roles };
}

/** An active account's email and password hash by id; undefined for deleted, unknown and password-less (service) accounts. */
export async function passwordOf(db: Queryable, userId: number): Promise<{ email: string; passwordHash: string } | undefined> {
  const { rows } = await db.query<{ email: string; password_hash: string | null }>(
    "SELECT email, password_hash FROM users WHERE id = $1 AND status = 'active'",
    [userId],
  );
  const row = rows[0];
  return row?.password_hash ? { email: row.email, passwordHash: row.password_hash } : undefined;
}

/** Replaces a password hash by one of the same password with current parameters, unless the hash changed meanwhile. */
export async function upgradePasswordHash(db: Queryable, userId: number, old: string, upgraded: string): Promise<void> {
  await db.query(
    "UPDATE users SET password_hash = $3, updated_at = now(), version = version + 1 WHERE id = $1 AND password_hash = $2 AND status = 'active'",
    [userId, old, upgraded],
  );
}

/**
 * Sets a new password hash on an active account, unless its hash is no longer `expected` (given by a
 * password change: a concurrent change or reset won); false when nothing was updated.
 */
export async function setPasswordHash(db: Queryable, userId: number, passwordHash: string, expected?: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE users SET password_hash = $2, updated_at = now(), version = version + 1
      WHERE id = $1 AND status = 'active' AND ($3::text IS NULL OR password_hash = $3)`,
    [userId, passwordHash, expected ?? null],
  );
  return rowCount === 1;
}

/** An active account's email by id (a password reset's account); undefined for deleted, unknown and service accounts. */
export async function activeEmailOf(db: Queryable, userId: number): Promise<string | undefined> {
  return (await passwordOf(db, userId))?.email;
}

/** Roles of an active account, or undefined once it is deleted. */
export async function activeRoles(db: Queryable, userId: number): Promise<Role[] | undefined> {
  const { rows } = await db.query<{ roles: Role[] }>(`SELECT ${ROLES_OF} AS roles FROM users u WHERE u.id = $1 AND u.status = 'active'`, [userId]);
  return rows[0]?.roles;
}

export async function findProfile(db: Queryable, userId: number): Promise<Profile> {
  const { rows } = await db.query<{
    id: string; email: string; name: string; phone: string | null; roles: Role[]; created_at: Date;
    business_name: string | null; business_type: SellerDetails['businessType'] | null; business_number: string | null;
    accepted: PolicyAcceptance[];
  }>(
    `SELECT u.id, u.email, u.name, u.phone, u.created_at, ${ROLES_OF} AS roles,
            s.business_name, s.business_type, s.business_number,
            COALESCE((SELECT json_agg(json_build_object('kind', a.kind, 'version', a.version) ORDER BY a.kind, a.version)
                      FROM policy_acceptances a WHERE a.user_id = u.id), '[]') AS accepted
     FROM users u LEFT JOIN seller_profiles s ON s.user_id = u.id
     WHERE u.id = $1 AND u.status = 'active'`,
    [userId],
  );
  const row = rows[0];
  if (!row) throw new EngineError('NOT_FOUND', 'account not found');
  const seller = row.business_name === null ? null : {
    businessName: row.business_name,
    businessType: row.business_type!,
    ...(row.business_number === null ? {} : { businessNumber: row.business_number }),
  };
  return {
    id: Number(row.id), email: row.email, name: row.name, phone: row.phone, roles: row.roles,
    seller, acceptedPolicies: row.accepted, createdAt: row.created_at.toISOString(),
  };
}

export async function updateProfile(db: Queryable, userId: number, changes: { name?: string; phone?: string }): Promise<void> {
  const { rowCount } = await db.query(
    `UPDATE users SET name = COALESCE($2, name), phone = COALESCE($3, phone), updated_at = now(), version = version + 1
     WHERE id = $1 AND status = 'active'`,
    [userId, changes.name ?? null, changes.phone ?? null],
  );
  if (rowCount === 0) throw new EngineError('NOT_FOUND', 'account not found');
}

/** Soft delete: the row stays (orders refer to it), the email is freed, login becomes impossible. */
export async function softDelete(db: Queryable, userId: number): Promise<boolean> {
  const { rowCount } = await db.query(
    "UPDATE users SET status = 'deleted', deleted_at = now(), updated_at = now(), version = version + 1 WHERE id = $1 AND status = 'active'",
    [userId],
  );
  return rowCount === 1;
}
