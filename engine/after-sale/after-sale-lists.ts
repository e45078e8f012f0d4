// The lists of returns and exchanges: a buyer's own, and a seller's (the requests of every seller the
// user is a member of; never another seller's). Newest first, keyset-paged (engine/platform/db/keyset-page.ts).
import type pg from 'pg';
import type { Principal } from '../auth/principal.js';
import { sellersOfMember } from '../catalog/seller-store.js';
import type { Page } from '../platform/db/keyset-page.js';
import { listBuyerRequests, listSellerRequests, type ListQuery } from './after-sale-rows.js';
import type { AfterSaleView } from './after-sale-types.js';

export function listOwnAfterSales(db: pg.Pool, principal: Principal, query: ListQuery): Promise<Page<AfterSaleView>> {
  return listBuyerRequests(db, principal.userId, query);
}

export async function listSellerAfterSales(db: pg.Pool, principal: Principal, query: ListQuery): Promise<Page<AfterSaleView>> {
  const sellerIds = await sellersOfMember(db, principal.userId);
  return sellerIds.length === 0 ? { items: [], next: null } : listSellerRequests(db, sellerIds, query);
}
