// Shared by the order tests against the fake gateway process: its control knobs and ledger, and the
// exact books of one SKU once every order of a run is final.
import assert from 'node:assert/strict';
import type { GatewayStats } from '../payment/fake-gateway-fixture.js';
import type { OrderFixture } from './order-fixture.js';

export class GatewayControl {
  constructor(readonly url: string) {}

  async set(knobs: Record<string, number>): Promise<void> {
    const res = await fetch(`${this.url}/__control`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(knobs) });
    assert.equal(res.status, 200, await res.text());
  }

  async stats(): Promise<GatewayStats> {
    return (await fetch(`${this.url}/__stats`)).json() as Promise<GatewayStats>;
  }
}

export async function untilAllFinal(fx: OrderFixture, orderIds: string[], timeoutMs: number): Promise<void> {
  await fx.rx.until('every order written and final', async () => (await fx.finalCount(orderIds)) === orderIds.length, timeoutMs);
}

async function priceOf(fx: OrderFixture, sku: number): Promise<number> {
  const { rows } = await fx.db.query<{ p: string }>('SELECT i.base_price + s.price_delta AS p FROM skus s JOIN items i ON i.id = s.item_id WHERE s.id = $1', [sku]);
  return Number(rows[0].p);
}

/**
 * Exact books of one SKU after every order ended: each PAID or CANCELLED, sold == paid (never over the
 * stock), nothing left held, Redis available == stock - paid, one PAID payment row per paid order, and
 * at the gateway money held for the paid orders only. Answers the paid count.
 */
export async function assertBooks(fx: OrderFixture, gateway: GatewayControl, sku: number, stock: number, orderIds: string[], gatewayBefore: GatewayStats): Promise<number> {
  assert.equal(new Set(orderIds).size, orderIds.length, 'one order per key');
  const { rows } = await fx.db.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM shop_orders WHERE id = ANY($1::uuid[]) GROUP BY status',
    [orderIds],
  );
  const byStatus = Object.fromEntries(rows.map((r) => [r.status, r.n]));
  const paid = byStatus.PAID ?? 0;
  assert.equal(paid + (byStatus.CANCELLED ?? 0), orderIds.length, `only PAID or CANCELLED: ${JSON.stringify(byStatus)}`);
  assert.ok(paid <= stock, `no oversell: ${paid} paid of ${stock}`);
  const row = await fx.rx.skuRow(sku);
  assert.equal(row.sold, paid, 'Postgres: sold == paid orders');
  assert.equal(row.held, 0, 'Postgres: nothing left held');
  assert.equal(await fx.rx.redisAvailable(sku), stock - paid, 'Redis: available == stock - paid');
  const payments = await fx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM payments WHERE status = 'PAID' AND order_id = ANY($1::uuid[])`, [orderIds]);
  assert.equal(payments.rows[0].n, paid, 'one PAID payment row per paid order');
  const now = await gateway.stats();
  assert.equal(now.charges - gatewayBefore.charges - (now.cancels - gatewayBefore.cancels), paid, 'gateway: money held only for paid orders');
  assert.equal(now.chargedAmount - gatewayBefore.chargedAmount - (now.cancelledAmount - gatewayBefore.cancelledAmount), paid * (await priceOf(fx, sku)));
  return paid;
}
