// The administration audit (table admin_audit): who did what to which entity and why. Every entry is
// written in the transaction of the action it records, so an action without its entry never commits.
import type pg from 'pg';
import { idPage, type Page } from '../platform/db/keyset-page.js';

type Queryable = Pick<pg.PoolClient, 'query'>;

export type AdminAction =
  | 'seller.approve' | 'seller.reject'
  | 'item.review.approve' | 'item.review.reject'
  | 'order.release.retry' | 'order.release.cancel'
  | 'user.roles' | 'policy.publish' | 'admin.create';

export interface AuditEntry {
  /** the acting admin; null for the admin:create script */
  actorId: number | null;
  action: AdminAction;
  /** `<entity>:<id>`, e.g. `seller:12`, `order:<uuid>`, `user:7`, `policy:terms` */
  target: string;
  reason?: string;
  detail?: Record<string, unknown>;
}

export interface AuditRecord extends Required<Omit<AuditEntry, 'reason'>> {
  id: number;
  reason: string | null;
  at: string;
}

export async function recordAudit(client: Queryable, entry: AuditEntry): Promise<void> {
  await client.query('INSERT INTO admin_audit (actor_id, action, target, reason, detail) VALUES ($1, $2, $3, $4, $5)', [
    entry.actorId, entry.action, entry.target, entry.reason ?? null, JSON.stringify(entry.detail ?? {}),
  ]);
}

interface AuditRow { id: string; actor_id: string | null; action: AdminAction; target: string; reason: string | null; detail: Record<string, unknown>; at: Date }

/** Newest first, keyset-paged on id; `target` narrows to one entity. */
export async function listAudit(db: Queryable, options: { target?: string; before?: number; limit: number }): Promise<Page<AuditRecord>> {
  const { rows } = await db.query<AuditRow>(
    `SELECT id, actor_id, action, target, reason, detail, at FROM admin_audit
     WHERE ($1::text IS NULL OR target = $1) AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $3`,
    [options.target ?? null, options.before ?? null, options.limit + 1],
  );
  return idPage(rows, options.limit, (r) => ({
    id: Number(r.id), actorId: r.actor_id === null ? null : Number(r.actor_id), action: r.action, target: r.target,
    reason: r.reason, detail: r.detail, at: r.at.toISOString(),
  }));
}
