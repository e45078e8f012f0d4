// Settlement on a real Postgres: one line per delivered order item whose receipt was confirmed, with
// the commission of the seller's kind and business type, monthly totals (by confirmation month) for the
// seller's members, and a job that settles every item exactly once however often (and however
// concurrently) it runs.
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { startScheduler } from '../../engine/platform/jobs/scheduler.js';
import { createSettlementLines } from '../../engine/settlement/settlement-lines.js';
import { AfterSaleFixture } from '../after-sale/after-sale-fixture.js';
import { errorCode } from '../support/auth-api.js';
import { waitFor } from '../support/eventually.js';

describe('settlement (integration)', () => {
  let fx: AfterSaleFixture;
  let buyerId: number;

  before(async () => {
    fx = await AfterSaleFixture.start({ SETTLEMENT_INTERVAL_MS: '300' });
    buyerId = await fx.user('Kim Buyer');
  });
  after(async () => {
    await fx?.close();
  });

  it('settlement - lines of confirmed receipts by commission rate, monthly totals, members only, bad input refused', async () => {
    const wholesale = await fx.shop('EXTERNAL', 'WHOLESALE');
    const noProfile = await fx.shop('EXTERNAL');
    const platform = await fx.shop('INTERNAL');
    await fx.order(buyerId, wholesale, [
      { unitPrice: 10_000, quantity: 3, deliveredAt: '2026-10-05T10:00:00Z' },
      { unitPrice: 999, quantity: 1, deliveredAt: '2026-10-31T23:59:59Z' },
      { unitPrice: 50_000, quantity: 1, deliveredAt: '2026-11-01T00:00:00Z' },
      { unitPrice: 40_000, deliveredAt: '2026-10-28T00:00:00Z', confirmedAt: '2026-11-02T00:00:00Z' },
      { unitPrice: 70_000, shipmentStatus: 'SHIPPING' },
      { unitPrice: 60_000, deliveredAt: '2026-10-10T00:00:00Z', confirmedAt: null },
    ]);
    const returned = await fx.order(buyerId, wholesale, [{ unitPrice: 8_000, deliveredAt: '2026-10-06T00:00:00Z' }]);
    await fx.expect(201, 'POST', '/api/v1/returns', await fx.token(buyerId, 'buyer'), { orderItemId: returned.itemIds[0], reason: 'DEFECTIVE', pickupAddress: 'Seoul' });
    await fx.order(buyerId, noProfile, [{ unitPrice: 10_000, deliveredAt: '2026-10-07T00:00:00Z' }]);
    await fx.order(buyerId, platform, [{ unitPrice: 10_000, deliveredAt: '2026-10-08T00:00:00Z' }]);

    const admin = await fx.token(1, 'admin');
    const run = await fx.expect(200, 'POST', '/api/v1/admin/settlements/run', admin);
    assert.equal(run.created, 6, 'delivered items whose receipt was confirmed, without a live return');
    assert.equal((await fx.expect(200, 'POST', '/api/v1/admin/settlements/run', admin)).created, 0, 'a second run adds nothing');

    const seller = await fx.token(wholesale.ownerId, 'seller');
    const october = await fx.expect(200, 'GET', `/api/v1/seller/settlements?seller=${wholesale.sellerId}&period=2026-10`, seller);
    // WHOLESALE pays 9%: 30,000 -> 2,700; 999 -> 89 (rounded down)
    assert.deepEqual(october.items.map((l: { gross: number; rateBp: number; commission: number; net: number }) => [l.gross, l.rateBp, l.commission, l.net]),
      [[30_000, 900, 2_700, 27_300], [999, 900, 89, 910]]);
    assert.deepEqual(october.totals, { count: 2, gross: 30_999, commission: 2_789, net: 28_210 });
    const november = await fx.expect(200, 'GET', `/api/v1/seller/settlements?seller=${wholesale.sellerId}&period=2026-11`, seller);
    // the month of the confirmation, not of the delivery
    assert.deepEqual(november.totals, { count: 2, gross: 90_000, commission: 8_100, net: 81_900 });

    const rate = async (shop: { sellerId: number; ownerId: number }) =>
      (await fx.expect(200, 'GET', `/api/v1/seller/settlements?seller=${shop.sellerId}&period=2026-10`, await fx.token(shop.ownerId, 'seller'))).items[0].rateBp;
    assert.equal(await rate(noProfile), 1080, 'an external seller without a business type: the default rate');
    assert.equal(await rate(platform), 0, 'the platform\'s own goods pay no commission');

    const cases: [string, string, string, number, string][] = [
      ['another seller', `?seller=${wholesale.sellerId}&period=2026-10`, await fx.token(noProfile.ownerId, 'seller'), 403, 'SELLER_REQUIRED'],
      ['a buyer', `?seller=${wholesale.sellerId}&period=2026-10`, await fx.token(buyerId, 'buyer'), 403, 'FORBIDDEN'],
      ['no period', `?seller=${wholesale.sellerId}`, seller, 400, 'INVALID_INPUT'],
      ['month 13', `?seller=${wholesale.sellerId}&period=2026-13`, seller, 400, 'INVALID_INPUT'],
      ['no seller', '?period=2026-10', seller, 400, 'INVALID_INPUT'],
    ];
    for (const [name, query, token, status, code] of cases) {
      const answer = await fx.send('GET', `/api/v1/seller/settlements${query}`, token);
      assert.equal(answer.status, status, `${name}: ${answer.text}`);
      assert.equal(errorCode(answer), code, name);
    }
    assert.equal(errorCode(await fx.send('POST', '/api/v1/admin/settlements/run', seller)), 'FORBIDDEN');
  });

  it('settlement - concurrent runs and the scheduled job make each line exactly once', async () => {
    const shop = await fx.shop('EXTERNAL', 'CONSIGNMENT');
    const { itemIds } = await fx.order(buyerId, shop, Array.from({ length: 20 }, (_, i) => ({ unitPrice: 1_000 + i })));
    const created = await Promise.all(Array.from({ length: 5 }, () => createSettlementLines(fx.db, shop.sellerId)));
    assert.equal(created.reduce((a, b) => a + b, 0), 20, 'the runs made 20 lines between them');
    assert.equal(await fx.count('SELECT 1 FROM settlement_lines WHERE seller_id = $1', [shop.sellerId]), 20);

    // the scheduler's job (every 300 ms here) settles a newly delivered item, once
    const later = await fx.order(buyerId, shop, [{ unitPrice: 10_000 }]);
    const scheduler = await startScheduler(fx.ns.config);
    try {
      await waitFor(async () => (await fx.count('SELECT 1 FROM settlement_lines WHERE order_item_id = $1', [later.itemIds[0]])) > 0, {
        timeoutMs: 20_000,
        message: 'the scheduler to settle the delivered item',
      });
      await delay(1_000); // a few more runs
    } finally {
      await scheduler.stop();
    }
    assert.equal(await fx.count('SELECT 1 FROM settlement_lines WHERE order_item_id = $1', [later.itemIds[0]]), 1);
    assert.equal(await fx.count('SELECT 1 FROM settlement_lines WHERE seller_id = $1', [shop.sellerId]), itemIds.length + 1);
    const { rows: [line] } = await fx.db.query('SELECT rate_bp, commission FROM settlement_lines WHERE order_item_id = $1', [later.itemIds[0]]);
    assert.deepEqual([line.rate_bp, Number(line.commission)], [1200, 1_200]);
  });
});
