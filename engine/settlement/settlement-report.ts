// A seller's settlement for one month: its lines and their totals, for the seller's members (or an admin).
import type pg from 'pg';
import type { Principal } from '../auth/principal.js';
import { assertSellerMember } from '../catalog/seller-store.js';

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
  lines: SettlementLineView[];
  totals: { count: number; gross: number; commission: number; net: number };
}

export async function settlementReport(db: pg.Pool, principal: Principal, sellerId: number, period: string): Promise<SettlementReport> {
  await assertSellerMember(db, sellerId, principal);
  const { rows } = await db.query<{ id: string; order_item_id: string; gross: string; rate_bp: number; commission: string; net: string; created_at: Date }>(
    'SELECT * FROM settlement_lines WHERE seller_id = $1 AND period = $2 ORDER BY id',
    [sellerId, period],
  );
  const lines = rows.map((r) => ({
    id: Number(r.id), orderItemId: Number(r.order_item_id), gross: Number(r.gross), rateBp: r.rate_bp,
    commission: Number(r.commission), net: Number(r.net), createdAt: r.created_at.toISOString(),
  }));
  const totals = { count: lines.length, gross: 0, commission: 0, net: 0 };
  for (const line of lines) {
    totals.gross += line.gross;
    totals.commission += line.commission;
    totals.net += line.net;
  }
  return { sellerId, period, lines, totals };
}
