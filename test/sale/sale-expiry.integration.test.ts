// Flash sales under load end in exact books, on real processes: 5,000 buyers for 1,000 units of whom 30 %
// never pay, so their units come back after the payment window and are sold again, ending in exactly
// 1,000 PAID orders; and the orchestrator (the role that expires orders) killed -9 in the middle of
// expiring thousands of orders returns no unit twice.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { saleKeys } from '../../engine/sale/sale-keys.js';
import { freePort } from '../support/engine-processes.js';
import { waitFor } from '../support/eventually.js';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';
import { bearer } from '../support/http-client.js';

const WINDOW_SEC = 20;
const CONCURRENCY = 200;
const receiver = { name: 'Kim Buyer', phone: '010-1234-5678', address: '1 Sale Street, Seoul' };

describe('flash-sale payment windows under load (integration, fake gateway)', () => {
  let fx: FlashSaleFixture;
  let redis: Redis;

  before(async () => {
    fx = await FlashSaleFixture.start(['gateway', 'edge', 'worker', 'orchestrator'], {
      FAKE_GATEWAY_PORT: String(await freePort()),
      SALE_PAYMENT_WINDOW_SEC: String(WINDOW_SEC),
      ORDER_EXPIRY_INTERVAL_MS: '200',
      ORDER_EXPIRY_BATCH: '50',
      IP_RATE_LIMIT_PER_SEC: '0',
      REQUEST_LOG_LEVEL: 'silent',
    });
    redis = new Redis(fx.ns.config.redisUrl);
  });
  after(async () => {
    redis?.disconnect();
    await fx?.close();
  });

  /** Runs `task` for 0..count-1, CONCURRENCY at once. */
  async function inParallel(count: number, task: (i: number) => Promise<void>): Promise<void> {
    let next = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < count; i = next++) await task(i);
    }));
  }

  /** One attempt per buyer; answers the order id (= ticket id) of each admitted buyer. */
  async function attemptAll(saleId: number, tokens: string[]): Promise<Map<number, string>> {
    const admitted = new Map<number, string>();
    await inParallel(tokens.length, async (i) => {
      const answer = await fx.attempt(saleId, tokens[i], randomUUID());
      if (answer.status === 202) admitted.set(i, (answer.json().ticket as string).split('_')[1]);
      else assert.ok(['SOLD_OUT', 'LIMIT_REACHED'].includes(answer.json().error?.code), answer.text);
    });
    return admitted;
  }

  async function payAll(orders: [number, string][], tokens: string[]): Promise<void> {
    await inParallel(orders.length, async (i) => {
      const [buyer, orderId] = orders[i];
      const answer = await fx.http.send('POST', `/api/v1/orders/${orderId}/payment`, {
        headers: { ...bearer(tokens[buyer]), 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify({ cardToken: 'tok_card_4242', receiver }),
      });
      assert.equal(answer.status, 202, answer.text);
    });
  }

  async function statuses(saleId: number): Promise<Record<string, number>> {
    const { rows } = await fx.db.query<{ status: string; n: number }>(
      `SELECT o.status, count(*)::int AS n FROM shop_orders o JOIN shop_order_items i ON i.order_id = o.id WHERE i.sale_id = $1 GROUP BY o.status`,
      [saleId],
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  const remaining = async (saleId: number) => Number(await redis.hget(saleKeys(fx.ns.config.namespace, saleId).meta, 'remaining'));

  it('payment window - 5,000 buyers, 1,000 units, 30% never pay: their units are sold again, exactly 1,000 PAID', async () => {
    const stock = 1_000;
    const saleId = await fx.createSale({ stock, perUserLimit: 1 });
    const tokens = await Promise.all(Array.from({ length: 5_000 }, (_, i) => fx.token(800_000 + i, 'buyer')));
    const first = [...(await attemptAll(saleId, tokens))];
    assert.equal(first.length, stock, 'the first round sells the stock');
    await fx.waitForSold(saleId, stock);
    const payers = first.slice(0, 700);
    await payAll(payers, tokens);

    // the 300 who never pay expire after the window; their units go back on sale
    await waitFor(async () => (await statuses(saleId)).EXPIRED === 300, { timeoutMs: (WINDOW_SEC + 20) * 1000, message: 'the non-payers expired' });
    await waitFor(async () => (await remaining(saleId)) === 300, { timeoutMs: 10_000, message: '300 units back on sale' });
    const firstBuyers = new Set(first.map(([buyer]) => buyer));
    const rest = tokens.map((t, i) => [i, t] as const).filter(([i]) => !firstBuyers.has(i));
    const second = [...(await attemptAll(saleId, rest.map(([, t]) => t)))].map(([j, orderId]) => [rest[j][0], orderId] as [number, string]);
    assert.equal(second.length, 300, 'exactly the returned units are sold again');
    await payAll(second, tokens);

    await waitFor(async () => (await statuses(saleId)).PAID === stock, { timeoutMs: 60_000, message: async () => `1,000 PAID (${JSON.stringify(await statuses(saleId))})` });
    assert.deepEqual(await statuses(saleId), { PAID: 1_000, EXPIRED: 300 });
    assert.equal(await fx.soldInPostgres(saleId), stock, 'durable sold = stock, never over');
    assert.equal(await remaining(saleId), 0);
    const { rows } = await fx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM payments p JOIN shop_order_items i ON i.order_id = p.order_id WHERE i.sale_id = $1 AND p.status = 'PAID'`, [saleId]);
    assert.equal(rows[0].n, stock, 'one paid payment per paid order');
  });

  it('payment window - kill -9 of the orchestrator mid-expiry of 3,000 orders: every unit back exactly once', async () => {
    const stock = 3_000;
    const saleId = await fx.createSale({ stock, perUserLimit: 1 });
    const tokens = await Promise.all(Array.from({ length: stock }, (_, i) => fx.token(900_000 + i, 'buyer')));
    assert.equal((await attemptAll(saleId, tokens)).size, stock);
    await fx.waitForSold(saleId, stock);

    let expiredAtKill = -1;
    await waitFor(async () => {
      const expired = (await statuses(saleId)).EXPIRED ?? 0;
      if (expired === 0) return false;
      await fx.roles.get('orchestrator')!.kill9();
      expiredAtKill = expired;
      return true;
    }, { timeoutMs: (WINDOW_SEC + 30) * 1000, intervalMs: 5, message: 'expiry started' });
    assert.ok(expiredAtKill < stock, `killed mid-expiry (${expiredAtKill} of ${stock} expired at the kill)`);
    await fx.startRole('orchestrator');

    await waitFor(async () => (await statuses(saleId)).EXPIRED === stock, { timeoutMs: 60_000, message: 'all expired' });
    await waitFor(async () => {
      const { rows } = await fx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM shop_orders WHERE saga_step = 'RETURN_UNITS'`);
      return rows[0].n === 0;
    }, { timeoutMs: 30_000, message: 'every unit return finished' });
    assert.equal(await remaining(saleId), stock, 'each unit back once in Redis');
    assert.equal(await fx.soldInPostgres(saleId), 0, 'and once in Postgres');
    // sold again to new buyers: exactly the stock, never more
    const more = await Promise.all(Array.from({ length: stock + 200 }, (_, i) => fx.token(950_000 + i, 'buyer')));
    assert.equal((await attemptAll(saleId, more)).size, stock);
    await fx.waitForSold(saleId, stock);
  });
});
