// Terms and policies (terms of use, seller terms, review policy, youth protection, privacy), versioned.
// Registration must accept the current version of every policy required for the account type.
import type pg from 'pg';
import { isForeignKeyViolation, isUniqueViolation } from '../platform/db/pg-errors.js';
import { EngineError } from '../platform/errors.js';
import type { AccountType, PolicyAcceptance, PolicyKind } from './auth-wire.js';

type Queryable = Pick<pg.Pool, 'query'>;

export interface Policy {
  kind: PolicyKind;
  version: number;
  title: string;
  body: string;
  requiredFor: AccountType[];
  publishedAt: string;
}

const LATEST = `SELECT DISTINCT ON (kind) kind, version, title, body, required_for, published_at
                FROM policies ORDER BY kind, version DESC`;

interface PolicyRow { kind: PolicyKind; version: number; title: string; body: string; required_for: AccountType[]; published_at: Date }

function toPolicy(row: PolicyRow): Policy {
  return { kind: row.kind, version: row.version, title: row.title, body: row.body, requiredFor: row.required_for, publishedAt: row.published_at.toISOString() };
}

export async function currentPolicy(db: Queryable, kind: PolicyKind): Promise<Policy> {
  const { rows } = await db.query<PolicyRow>(`SELECT * FROM (${LATEST}) p WHERE kind = $1`, [kind]);
  if (!rows[0]) throw new EngineError('NOT_FOUND', 'no such policy');
  return toPolicy(rows[0]);
}

/** Throws TERMS_NOT_ACCEPTED unless every required policy is accepted at its current version. */
export async function assertRequiredAccepted(db: Queryable, accountType: AccountType, accepted: PolicyAcceptance[]): Promise<void> {
  const { rows } = await db.query<PolicyRow>(LATEST);
  const current = new Map(rows.map((r) => [r.kind, r.version]));
  const unknown = accepted.find((a) => current.get(a.kind) !== a.version);
  if (unknown) throw new EngineError('TERMS_NOT_ACCEPTED', `${unknown.kind} version ${unknown.version} is not the current version`);
  const missing = rows.filter((r) => r.required_for.includes(accountType) && !accepted.some((a) => a.kind === r.kind));
  if (missing.length > 0) {
    throw new EngineError('TERMS_NOT_ACCEPTED', `required terms not accepted: ${missing.map((r) => `${r.kind} v${r.version}`).join(', ')}`);
  }
}

/**
 * A new version of the policy (latest + 1), keeping the latest's title unless given and its
 * `requiredFor`; run in the caller's transaction. Two publications at once: one gets POLICY_PUBLISH_CONFLICT.
 */
export async function publishPolicy(client: Queryable, kind: PolicyKind, body: string, title?: string): Promise<Policy> {
  try {
    const { rows } = await client.query<PolicyRow>(
      `INSERT INTO policies (kind, version, title, body, required_for)
       SELECT $1, latest.version + 1, COALESCE($3, latest.title), $2, latest.required_for
       FROM (SELECT version, title, required_for FROM policies WHERE kind = $1 ORDER BY version DESC LIMIT 1) latest
       RETURNING *`,
      [kind, body, title ?? null],
    );
    if (!rows[0]) throw new EngineError('NOT_FOUND', 'no such policy');
    return toPolicy(rows[0]);
  } catch (err) {
    if (isUniqueViolation(err)) throw new EngineError('POLICY_PUBLISH_CONFLICT', `another version of ${kind} was published at the same moment`, { cause: err });
    throw err;
  }
}

/**
 * The latest versions the user has still to accept: of the policies required for one of its roles, and
 * of those it accepted an earlier version of. Answered at login (`policiesToAccept`).
 */
export async function policiesToAccept(db: Queryable, userId: number): Promise<PolicyAcceptance[]> {
  const { rows } = await db.query<PolicyAcceptance>(
    `SELECT p.kind, p.version FROM (${LATEST}) p
     WHERE NOT EXISTS (SELECT 1 FROM policy_acceptances a WHERE a.user_id = $1 AND a.kind = p.kind AND a.version = p.version)
       AND (p.required_for && ARRAY(SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = $1)
            OR EXISTS (SELECT 1 FROM policy_acceptances a WHERE a.user_id = $1 AND a.kind = p.kind))
     ORDER BY p.kind`,
    [userId],
  );
  return rows;
}

/** Records the user's acceptance of the latest version of a policy (a repeat is a no-op); answers what is left to accept. */
export async function acceptPolicy(db: Queryable, userId: number, { kind, version }: PolicyAcceptance): Promise<PolicyAcceptance[]> {
  const current = await currentPolicy(db, kind);
  if (current.version !== version) throw new EngineError('POLICY_NOT_CURRENT', `the current version of ${kind} is ${current.version}`);
  try {
    await db.query('INSERT INTO policy_acceptances (user_id, kind, version) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [userId, kind, version]);
  } catch (err) {
    if (isForeignKeyViolation(err)) throw new EngineError('NOT_FOUND', 'account not found', { cause: err });
    throw err;
  }
  return policiesToAccept(db, userId);
}
