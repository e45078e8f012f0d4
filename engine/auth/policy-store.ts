// Terms and policies (terms of use, seller terms, review policy, youth protection, privacy), versioned.
// Registration must accept the current version of every policy required for the account type.
import type pg from 'pg';
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
