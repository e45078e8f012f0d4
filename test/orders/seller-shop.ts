// Sellers of their own for the fulfilment tests: each test opens shops nobody else sells through, so a
// seller's order list holds exactly what the test put there. Shop owners and buyers get distinct ids.
import { randomUUID } from 'node:crypto';
import type { OrderFixture } from './order-fixture.js';

export interface TestShop {
  ownerId: number;
  token: string;
  sellerId: number;
  /** SKUs on sale (stock 50 each, 10,000 won times the position), one item each */
  skus: number[];
  /** the items of the SKUs, in the same order */
  itemIds: number[];
}

let nextUserId = 70_000;

/** A fresh user id (the tests' tokens are minted, so any id is a user). */
export function newUserId(): number {
  return nextUserId++;
}

/** A seller owned by a fresh user, with `items` items on sale. */
export async function openShop(fx: OrderFixture, items = 1): Promise<TestShop> {
  const ownerId = newUserId();
  const token = await fx.cat.token(ownerId, 'seller');
  const sellerId = await fx.cat.createSeller(token, `Shop ${ownerId}`);
  const category = await fx.cat.createCategory(await fx.cat.token(1, 'admin'), `Fulfilment ${randomUUID().slice(0, 8)}`);
  const shop: TestShop = { ownerId, token, sellerId, skus: [], itemIds: [] };
  for (let i = 0; i < items; i++) {
    const item = await fx.cat.createItem(token, { sellerId, categoryId: category, name: `Item ${i}`, basePrice: 10_000 * (i + 1), skus: [{ stock: 50 }] });
    shop.skus.push((await fx.cat.advanceTo(token, item, 'SALES')).skus[0].id);
    shop.itemIds.push(item.id);
  }
  return shop;
}

/** A paid order of `buyer` for one unit of each SKU (or the given quantities); answers the order id and its items by SKU. */
export async function paidOrder(fx: OrderFixture, buyer: string, lines: { sku: number; quantity?: number }[], receiver?: { name: string; phone: string; address: string }) {
  const placed = await fx.order(buyer, { items: lines.map((l) => ({ sku: l.sku, quantity: l.quantity ?? 1 })), ...(receiver ? { receiver } : {}) });
  if (placed.status !== 202) throw new Error(`order: ${placed.status} ${placed.text}`);
  const { orderId } = placed.json() as { orderId: string };
  const final = await fx.untilFinal(orderId);
  if (final.status !== 'PAID') throw new Error(`order ${orderId} ended ${final.status}`);
  const view = await fx.cat.expect(200, 'GET', `/api/v1/orders/${orderId}`, buyer);
  const itemOf = (sku: number): number => view.items.find((i: { sku: number }) => i.sku === sku).orderItemId;
  return { orderId, itemOf };
}
