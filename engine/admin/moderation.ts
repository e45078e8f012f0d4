// Moderation: an admin approves (or rejects) a seller, whose items reach SALES only once approved, and
// passes (or sends back) an item's review. Each decision and its audit entry commit together.
import type pg from 'pg';
import type { Principal } from '../auth/principal.js';
import { invalidateCatalogCache } from '../catalog/catalog-cache.js';
import { reviewItem, type EditContext } from '../catalog/item-edit.js';
import { readItem } from '../catalog/item-view.js';
import { decideSellerApproval, getSeller } from '../catalog/seller-store.js';
import type { ItemView, Seller } from '../catalog/catalog-types.js';
import { inTransaction } from '../platform/db/transaction.js';
import { recordAudit } from './admin-audit.js';

export interface Decision {
  approved: boolean;
  reason: string;
}

export async function decideSeller(db: pg.Pool, admin: Principal, sellerId: number, { approved, reason }: Decision): Promise<Seller> {
  await inTransaction(db, async (client) => {
    const before = await decideSellerApproval(client, sellerId, approved, reason);
    await recordAudit(client, { actorId: admin.userId, action: approved ? 'seller.approve' : 'seller.reject', target: `seller:${sellerId}`, reason, detail: { before } });
  });
  return getSeller(db, sellerId);
}

export async function decideItemReview(ctx: EditContext, admin: Principal, itemId: number, decision: Decision & { version: number }): Promise<ItemView> {
  await inTransaction(ctx.db, async (client) => {
    const to = await reviewItem(client, ctx, admin, itemId, decision.approved, decision.version);
    await recordAudit(client, {
      actorId: admin.userId, action: decision.approved ? 'item.review.approve' : 'item.review.reject', target: `item:${itemId}`,
      reason: decision.reason, detail: { to },
    });
  });
  await invalidateCatalogCache(ctx.redis, ctx.namespace);
  return readItem(ctx.db, itemId, ctx.lockTtlMs);
}
