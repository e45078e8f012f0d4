// `sale.<id>` over a sell-out and a reopen, on real processes: the last unit's admission publishes
// sale.soldout, the expiry of the unpaid orders publishes sale.reopened with the units back, and the
// next admission's stock follows.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../support/engine-processes.js';
import { waitFor } from '../support/eventually.js';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';
import { connectPushClient } from '../support/push-fixture.js';

describe('sale reopen push (integration)', () => {
  let fx: FlashSaleFixture;
  const clients: { close(): void }[] = [];

  before(async () => {
    fx = await FlashSaleFixture.start(['gateway', 'edge', 'worker', 'orchestrator'], {
      FAKE_GATEWAY_PORT: String(await freePort()),
      SALE_PAYMENT_WINDOW_SEC: '2',
      ORDER_EXPIRY_INTERVAL_MS: '200',
    });
  });
  after(async () => {
    for (const client of clients) client.close();
    await fx?.close();
  });

  it('push - sold out, then the unpaid orders expire: sale.soldout, sale.reopened {remaining}, then stock again', async () => {
    const saleId = await fx.createSale({ stock: 2, perUserLimit: 1 });
    const watcher = await connectPushClient(`ws://127.0.0.1:${fx.ns.config.http.port}/ws`, () => fx.token(9_100, 'buyer'), undefined, (c) => clients.push(c));
    await watcher.client.subscribe(`sale.${saleId}`);
    const saleEvents = () => watcher.events.filter((e) => e.topic === `sale.${saleId}`).map((e) => e.data as { type: string; remaining?: number });

    for (const buyer of [9_101, 9_102]) assert.equal((await fx.attempt(saleId, await fx.token(buyer, 'buyer'), randomUUID())).status, 202);
    assert.equal((await fx.attempt(saleId, await fx.token(9_103, 'buyer'), randomUUID())).status, 409, 'sold out');
    // nobody pays: after the window both units come back, in one expiry pass or two
    await waitFor(() => saleEvents().some((e) => e.type === 'sale.reopened' && e.remaining === 2),
      { timeoutMs: 30_000, message: () => `sale.reopened with both units: ${JSON.stringify(saleEvents())}` });
    await waitFor(async () => (await fx.attempt(saleId, await fx.token(9_104, 'buyer'), randomUUID())).status === 202,
      { message: 'admitted again once every edge lifted its sold-out memory' });
    await waitFor(() => saleEvents().at(-1)?.type === 'sale.stock' && saleEvents().at(-1)?.remaining === 1, { message: 'stock after the reopen' });

    const events = saleEvents();
    assert.deepEqual(events.filter((e) => e.type === 'sale.soldout'), [{ type: 'sale.soldout', saleId }], 'one sell-out');
    const soldOutAt = events.findIndex((e) => e.type === 'sale.soldout');
    const reopenedAt = events.findIndex((e) => e.type === 'sale.reopened');
    assert.ok(soldOutAt < reopenedAt, JSON.stringify(events));
    assert.ok(events.slice(reopenedAt).every((e) => e.type !== 'sale.reopened' || (e.remaining ?? 0) > 0), JSON.stringify(events));
  });
});
