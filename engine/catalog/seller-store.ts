// Sellers: the platform itself (INTERNAL) and marketplace sellers (EXTERNAL), with delivery profiles
// and return/exchange terms. Who may act for a seller: its members (the registering account first).
import type pg from 'pg';
import { hasRole, type Principal } from '../auth/principal.js';
import { inTransaction } from '../platform/db/transaction.js';
import { EngineError } from '../platform/errors.js';
import type { NewSeller, Seller, SellerApproval } from './catalog-types.js';

/**
 * The registering account becomes the first member; only an admin registers the platform (INTERNAL)
 * seller, which is approved at once. A marketplace seller waits for an admin's approval to sell.
 */
export async function createSeller(db: pg.Pool, principal: Principal, input: NewSeller): Promise<Seller> {
  if (input.kind === 'INTERNAL' && !hasRole(principal, 'admin')) throw new EngineError('FORBIDDEN', 'only an admin registers the platform (INTERNAL) seller');
  const userId = principal.userId;
  const id = await inTransaction(db, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO sellers (kind, name, user_id, return_address, return_fee, exchange_fee, approval, approval_decided_at)
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $1 = 'INTERNAL' THEN 'APPROVED' ELSE 'PENDING' END, CASE WHEN $1 = 'INTERNAL' THEN now() END)
       RETURNING id`,
      [input.kind ?? 'EXTERNAL', input.name, userId, input.returnAddress, input.returnFee, input.exchangeFee],
    );
    const id = Number(rows[0].id);
    await client.query('INSERT INTO seller_members (seller_id, user_id) VALUES ($1, $2)', [id, userId]);
    for (const p of input.deliveryProfiles) {
      await client.query(
        `INSERT INTO delivery_profiles (seller_id, shipping_origin, courier, method, fee, days, remote_area)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [id, p.shippingOrigin, p.courier, p.method, p.fee, p.days, p.remoteArea],
      );
    }
    return id;
  });
  return getSeller(db, id);
}

export async function getSeller(db: pg.Pool, id: number): Promise<Seller> {
  const { rows } = await db.query<{
    id: string; kind: Seller['kind']; name: string; user_id: string; return_address: string; return_fee: string; exchange_fee: string; approval: SellerApproval;
    profiles: { id: number; shipping_origin: string; courier: string; method: string; fee: number; days: number; remote_area: boolean }[] | null;
  }>(
    `SELECT s.*, (SELECT json_agg(p ORDER BY p.id) FROM delivery_profiles p WHERE p.seller_id = s.id) AS profiles
     FROM sellers s WHERE s.id = $1`,
    [id],
  );
  if (rows.length === 0) throw new EngineError('NOT_FOUND', `seller ${id} not found`);
  const s = rows[0];
  return {
    id: Number(s.id),
    kind: s.kind,
    name: s.name,
    userId: Number(s.user_id),
    approval: s.approval,
    returnAddress: s.return_address,
    returnFee: Number(s.return_fee),
    exchangeFee: Number(s.exchange_fee),
    deliveryProfiles: (s.profiles ?? []).map((p) => ({
      id: Number(p.id),
      shippingOrigin: p.shipping_origin,
      courier: p.courier,
      method: p.method,
      fee: Number(p.fee),
      days: p.days,
      remoteArea: p.remote_area,
    })),
  };
}

export async function isSellerMember(db: pg.Pool | pg.PoolClient, sellerId: number, userId: number): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM seller_members WHERE seller_id = $1 AND user_id = $2', [sellerId, userId]);
  return rowCount !== 0;
}

/** The sellers the user acts for (is a member of). */
export async function sellersOfMember(db: pg.Pool | pg.PoolClient, userId: number): Promise<number[]> {
  const { rows } = await db.query<{ seller_id: string }>('SELECT seller_id FROM seller_members WHERE user_id = $1', [userId]);
  return rows.map((r) => Number(r.seller_id));
}

/** Throws unless the principal may act for the seller (a member, or an admin). */
export async function assertSellerMember(db: pg.Pool | pg.PoolClient, sellerId: number, principal: Principal): Promise<void> {
  if (hasRole(principal, 'admin')) return;
  if (!(await isSellerMember(db, sellerId, principal.userId))) throw new EngineError('SELLER_REQUIRED', `you do not act for seller ${sellerId}`);
}

export async function addSellerMember(db: pg.Pool, sellerId: number, principal: Principal, userId: number): Promise<void> {
  await getSeller(db, sellerId);
  await assertSellerMember(db, sellerId, principal);
  await db.query('INSERT INTO seller_members (seller_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [sellerId, userId]);
}

/** An admin's decision on the seller, in the caller's transaction; answers the seller's approval before it. */
export async function decideSellerApproval(client: pg.PoolClient, sellerId: number, approved: boolean, reason: string): Promise<SellerApproval> {
  const { rows } = await client.query<{ before: SellerApproval }>(
    `UPDATE sellers s SET approval = $2, approval_reason = $3, approval_decided_at = now()
     FROM (SELECT id, approval FROM sellers WHERE id = $1 FOR UPDATE) old WHERE s.id = old.id RETURNING old.approval AS before`,
    [sellerId, approved ? 'APPROVED' : 'REJECTED', reason],
  );
  if (rows.length === 0) throw new EngineError('NOT_FOUND', `seller ${sellerId} not found`);
  return rows[0].before;
}

/** Throws SELLER_NOT_APPROVED unless an admin approved the seller; the row stays share-locked until the caller's commit, so a decision waits for it. */
export async function assertSellerApproved(client: pg.PoolClient, sellerId: number): Promise<void> {
  const { rows } = await client.query<{ approval: SellerApproval }>('SELECT approval FROM sellers WHERE id = $1 FOR SHARE', [sellerId]);
  if (rows[0]?.approval !== 'APPROVED') throw new EngineError('SELLER_NOT_APPROVED', `seller ${sellerId} is not approved by an admin: its items cannot go on sale`);
}
