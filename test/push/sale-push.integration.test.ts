// `sale.<id>` on two edges while the sale sells out over about a second: remaining stock is coalesced
// across the edges to at most one message per 100 ms (SALE_PUSH_INTERVAL_MS), never goes back up, ends
// at 0, and the sold-out event is published exactly once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { publishPush } from '../../engine/push/push-publisher.js';
import type { SaleEvent } from '../../engine/push/push-types.js';
import { bearer } from '../support/http-client.js';
import { waitFor } from '../support/eventually.js';
import { PushFixture } from '../support/push-fixture.js';

const STOCK = 100;
const BUYERS = 100;
const ATTEMPTS_PER_BUYER = 3;
const SPREAD_MS = 1_000;

describe('sale push (integration)', () => {
  let fx: PushFixture;

  before(async () => {
    fx = await PushFixture.start(2);
  });
  after(async () => {
    await fx?.close();
  });

  async function createSale(): Promise<number> {
    const answer = await fx.http[0].send('POST', '/api/v1/admin/sales', {
      headers: { ...bearer(await fx.token(1, ['admin'])), 'content-type': 'application/json' },
      body: JSON.stringify({
        sku: 'SKU-PUSH', stock: STOCK, perUserLimit: 1, price: 20_000, salePrice: 10_000,
        startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      }),
    });
    assert.equal(answer.status, 201, answer.text);
    return answer.json().id;
  }

  /** A client on `edge` holding sale.<id>; every sale event with its arrival time. */
  async function watcher(edge: number, userId: number, saleId: number) {
    const { client } = await fx.client(edge, userId);
    const events: { at: number; data: SaleEvent | { type: 'sentinel' } }[] = [];
    client.onEvent((topic, data) => {
      if (topic === `sale.${saleId}`) events.push({ at: performance.now(), data: data as SaleEvent });
    });
    await client.subscribe(`sale.${saleId}`);
    return events;
  }

  it('push - 300 attempts over 1 s on two edges: ≤ 10 stock messages a second, last 0, one sold-out', async () => {
    const saleId = await createSale();
    const watchers = [await watcher(0, 9_001, saleId), await watcher(1, 9_002, saleId)];
    const tokens = await Promise.all(Array.from({ length: BUYERS }, (_, i) => fx.token(10_000 + i)));

    // each buyer fires its attempts at once (distinct keys, per-user limit 1), buyers spread evenly over SPREAD_MS
    const attempt = (buyer: number, n: number) => fx.http[(buyer + n) % 2].send('POST', `/api/v1/sales/${saleId}/attempts`, {
      headers: { ...bearer(tokens[buyer]), 'idempotency-key': `b${buyer}-${n}`, 'content-type': 'application/json' },
      body: '{"quantity":1}',
    });
    const statuses = (await Promise.all(Array.from({ length: BUYERS }, async (_, buyer) => {
      await new Promise((r) => setTimeout(r, (buyer * SPREAD_MS) / BUYERS));
      return Promise.all(Array.from({ length: ATTEMPTS_PER_BUYER }, (_, n) => attempt(buyer, n)));
    }))).flat().map((a) => a.status);
    assert.equal(statuses.filter((s) => s === 202).length, STOCK, 'exactly the stock is admitted');
    assert.equal(statuses.filter((s) => s === 409).length, BUYERS * ATTEMPTS_PER_BUYER - STOCK);

    const stock = (events: typeof watchers[number]) => events.filter((e) => e.data.type === 'sale.stock');
    const lastStock = (events: typeof watchers[number]) => (stock(events).at(-1)?.data as { remaining?: number } | undefined)?.remaining;
    await waitFor(() => watchers.every((w) => lastStock(w) === 0), { message: 'the trailing stock message (0) on both edges' });
    // anything published before the test's sentinel has reached the watchers once the sentinel has
    publishPush(fx.nc, fx.ns.name, `sale.${saleId}`, { type: 'sentinel' });
    await waitFor(() => watchers.every((w) => w.at(-1)?.data.type === 'sentinel'), { message: 'sentinel' });

    for (const events of watchers) {
      assert.deepEqual(events.filter((e) => e.data.type === 'sale.soldout').map((e) => e.data), [{ type: 'sale.soldout', saleId }]);
      const values = stock(events).map((e) => (e.data as { remaining: number }).remaining);
      assert.ok(values.length >= 2, `stock messages while the sale sold out: ${values.join(',')}`);
      assert.deepEqual(values, [...values].sort((a, b) => b - a), `never back up: ${values.join(',')}`);
      assert.equal(new Set(values).size, values.length, `no value twice: ${values.join(',')}`);
      // slots are 100 ms apart at Redis; a 1 s window starting at a message holds 10, one more for delivery jitter
      const times = stock(events).map((e) => e.at);
      const busiest = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 1_000).length));
      assert.ok(busiest <= 11, `${busiest} stock messages within one second`);
    }
  });
});
