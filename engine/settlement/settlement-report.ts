// A seller's settlement for one month: its lines and their totals, for the seller's members (or an admin).
import type pg from 'pg';
import type { Principal } from '../auth/principal.js';
import { assertSellerMember } from '../catalog/seller-store.js';
import { keysetPage } from '../platform/db/keyset-page.js';

export interface SettlementLineView {
  id: number;
  orderItemId: number;
  gross: number;
  rateBp: number;
  commission: number;
  net: number;
  createdAt: string;
}

export interface SettlementReport {
  sellerId: number;
  period: string;
  /** a page of the month's lines, in the order they were made (cursor-paged) */
  items: SettlementLineView[];
  next: string | null;
  /** over every line of the month, not only this page */
  totals: { count: number; gross: number; commission: number; net: number };
}

type LineRow = { id: string; order_item_id: string; gross: string; rate_bp: number; commission: string; net: string; created_at: Date };

function lineView(r: LineRow): SettlementLineView {
  return {
    id: Number(r.id), orderItemId: Number(r.order_item_id), gross: Number(r.gross), rateBp: r.rate_bp,
    commission: Number(r.commission), net: Number(r.net), createdAt: r.created_at.toISOString(),
  };
}

/** The month's totals and a page of `limit` lines after the line id `after`. */
export async function settlementReport(
  db: pg.Pool, principal: Principal, sellerId: number, period: string, limit: number, after?: number,
): Promise<SettlementReport> {
  await assertSellerMember(db, sellerId, principal);
  const [lines, sums] = await Promise.all([
    db.query<LineRow>(
      'SELECT * FROM settlement_lines WHERE seller_id = $1 AND period = $2 AND id > coalesce($3::bigint, 0) ORDER BY id LIMIT $4',
      [sellerId, period, after ?? null, limit + 1],
    ),
    db.query<{ count: number; gross: string; commission: string; net: string }>(
      `SELECT count(*)::int AS count, coalesce(sum(gross), 0) AS gross, coalesce(sum(commission), 0) AS commission, coalesce(sum(net), 0) AS net
       FROM settlement_lines WHERE seller_id = $1 AND period = $2`,
      [sellerId, period],
    ),
  ]);
  const t = sums.rows[0];
  const page = keysetPage(lines.rows, limit, lineView, (r) => [r.id]);
  return { sellerId, period, ...page, totals: { count: t.count, gross: Number(t.gross), commission: Number(t.commission), net: Number(t.net) } };
}
