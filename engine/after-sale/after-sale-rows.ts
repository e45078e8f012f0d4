// SQL of the `after_sale_requests` and `exchange_shipments` tables: a request read with its
// replacement shipment, locked for a change, moved, and listed for its buyer or its seller's members.
import type pg from 'pg';
import { idPage, type Page } from '../platform/db/keyset-page.js';
import type { AfterSaleKind, AfterSaleReason, AfterSaleStatus, AfterSaleView, ReceivedCondition } from './after-sale-types.js';

type Queryable = pg.Pool | pg.PoolClient;

export interface RequestRow {
  id: string; kind: AfterSaleKind; order_item_id: string; order_id: string; seller_id: string; user_id: string;
  reason: AfterSaleReason; buyer_fault: boolean; detail: string; pickup_address: string; fee: string; refund_amount: string;
  status: AfterSaleStatus; note: string; received_condition: ReceivedCondition | null; version: number; created_at: Date; updated_at: Date;
  courier: string | null; tracking_number: string | null; shipped_at: Date | null;
}

const requestSelect = `SELECT a.*, s.courier, s.tracking_number, s.shipped_at
  FROM after_sale_requests a LEFT JOIN exchange_shipments s ON s.exchange_id = a.id`;

export function afterSaleView(r: RequestRow): AfterSaleView {
  return {
    id: Number(r.id), kind: r.kind, orderItemId: Number(r.order_item_id), orderId: r.order_id, sellerId: Number(r.seller_id),
    userId: Number(r.user_id), reason: r.reason, buyerFault: r.buyer_fault, detail: r.detail, pickupAddress: r.pickup_address,
    fee: Number(r.fee), refundAmount: Number(r.refund_amount), status: r.status, note: r.note,
    ...(r.received_condition ? { receivedCondition: r.received_condition } : {}),
    ...(r.shipped_at ? { replacement: { courier: r.courier!, trackingNumber: r.tracking_number!, shippedAt: r.shipped_at.toISOString() } } : {}),
    version: r.version, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
  };
}

export async function readRequest(db: Queryable, kind: AfterSaleKind, id: number): Promise<RequestRow | undefined> {
  const { rows } = await db.query<RequestRow>(`${requestSelect} WHERE a.id = $1 AND a.kind = $2`, [id, kind]);
  return rows[0];
}

/** The request row locked for a change (its shipment, if any, is read along). */
export async function lockRequest(client: pg.PoolClient, kind: AfterSaleKind, id: number): Promise<RequestRow | undefined> {
  const { rows } = await client.query<RequestRow>(`${requestSelect} WHERE a.id = $1 AND a.kind = $2 FOR UPDATE OF a`, [id, kind]);
  return rows[0];
}

/** Moves a request locked by lockRequest one step; answers it as it is now. */
export async function updateRequestStatus(
  client: pg.PoolClient, row: RequestRow, change: { to: AfterSaleStatus; note?: string; condition?: ReceivedCondition },
): Promise<RequestRow> {
  await client.query(
    `UPDATE after_sale_requests SET status = $2, note = coalesce($3, note), received_condition = $4, version = version + 1, updated_at = now()
     WHERE id = $1`,
    [row.id, change.to, change.note ?? null, change.condition ?? null],
  );
  return (await readRequest(client, row.kind, Number(row.id)))!;
}

export async function insertReplacementShipment(client: pg.PoolClient, exchangeId: number, courier: string, trackingNumber: string): Promise<void> {
  await client.query('INSERT INTO exchange_shipments (exchange_id, courier, tracking_number) VALUES ($1, $2, $3)', [exchangeId, courier, trackingNumber]);
}

export interface ListQuery {
  kind: AfterSaleKind;
  limit: number;
  /** ids below this one (the `next` of the previous page) */
  before?: number;
  status?: AfterSaleStatus;
}

/** A buyer's own requests of one kind, newest first. */
export function listBuyerRequests(db: Queryable, userId: number, query: ListQuery): Promise<Page<AfterSaleView>> {
  return listRequests(db, 'a.user_id = $1', userId, query);
}

/** The requests of the given sellers, newest first. */
export function listSellerRequests(db: Queryable, sellerIds: number[], query: ListQuery): Promise<Page<AfterSaleView>> {
  return listRequests(db, 'a.seller_id = ANY($1::bigint[])', sellerIds, query);
}

async function listRequests(db: Queryable, owner: string, ownerParam: number | number[], query: ListQuery): Promise<Page<AfterSaleView>> {
  const { rows } = await db.query<RequestRow>(
    `${requestSelect} WHERE ${owner} AND a.kind = $2 AND a.id < coalesce($3::bigint, 9223372036854775807)
       AND ($4::text IS NULL OR a.status = $4) ORDER BY a.id DESC LIMIT $5`,
    [ownerParam, query.kind, query.before ?? null, query.status ?? null, query.limit + 1],
  );
  return idPage(rows, query.limit, afterSaleView);
}
