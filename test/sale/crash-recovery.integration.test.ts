// Crashes between the steps of the flash-sale path must neither lose nor double a unit.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import { connectNats } from '../../engine/platform/messaging/nats-connection.js';
import { Redis } from 'ioredis';
import { defineLuaCommand, readLuaScript } from '../../engine/platform/redis/lua-scripts.js';
import { saleKeys } from '../../engine/sale/sale-keys.js';
import { admitBatch } from '../../engine/sale/admission.js';
import { rebuildSaleCounters } from '../../engine/sale/sale-counter-rebuild.js';
import { publicTicket } from '../../engine/sale/ticket-id.js';
import { waitFor } from '../support/eventually.js';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';
import { bearer } from '../support/http-client.js';

async function durableTotals(fx: FlashSaleFixture, saleId: number) {
  const { rows } = await fx.db.query<{ sold: number; rows: number; units: number }>(
    `SELECT s.sold, count(o.id)::int AS rows, coalesce(sum(o.quantity), 0)::int AS units
     FROM sales s LEFT JOIN orders o ON o.sale_id = s.id WHERE s.id = $1 GROUP BY s.sold`,
    [saleId],
  );
  return rows[0];
}

describe('crash recovery (integration)', () => {
  let fx: FlashSaleFixture;
  before(async () => {
    fx = await FlashSaleFixture.start(['edge', 'worker', 'scheduler'], {
      WORKER_ACK_WAIT_MS: '1500',
      WORKER_BATCH_MAX_MESSAGES: '2',
      PUBLISH_BATCH_MAX: '16',
      SWEEPER_INTERVAL_MS: '200',
      SWEEPER_MIN_AGE_MS: '500',
    });
  });
  after(async () => {
    await fx?.close();
  });

  it('crash - kill -9 of a worker in the middle of batches loses and doubles nothing', async () => {
    const stock = 3_000;
    const saleId = await fx.createSale({ stock, perUserLimit: 1 });
    const users = Array.from({ length: stock }, (_, i) => 10_000 + i);
    const tokens = await Promise.all(users.map((u) => fx.token(u, 'buyer')));
    let admitted = 0;
    let killed = false;
    for (let wave = 0; wave < 10; wave++) {
      const slice = users.slice(wave * 300, (wave + 1) * 300);
      const answers = await Promise.all(slice.map((u, i) => fx.attempt(saleId, tokens[wave * 300 + i], `crash-${u}`)));
      admitted += answers.filter((a) => a.status === 202).length;
      const sold = await fx.soldInPostgres(saleId);
      if (!killed && sold > 0) {
        await fx.roles.get('worker')!.kill9();
        killed = true;
        assert.ok(sold < stock, 'the worker died with work left');
      }
    }
    assert.ok(killed);
    assert.equal(admitted, stock);
    await fx.startRole('worker');
    await fx.waitForSold(saleId, stock, 60_000);
    await new Promise((r) => setTimeout(r, 2_000)); // late redeliveries must change nothing
    assert.deepEqual(await durableTotals(fx, saleId), { sold: stock, rows: stock, units: stock });
  });

  it('crash - an admission whose publish never happened is completed by the sweeper', async () => {
    const saleId = await fx.createSale({ stock: 10, perUserLimit: 1 });
    const redis = new Redis(fx.ns.config.redisUrl);
    try {
      // what an edge does before it dies: the Lua admission, and no publish
      defineLuaCommand(redis, readLuaScript(fx.ns.config.luaDir, 'admit'));
      const [result] = await admitBatch(redis, fx.ns.name, 60, saleId, [{ userId: 900, quantity: 1, idempotencyKey: 'orphan' }]);
      assert.equal(result.outcome, 'ADMITTED');
      assert.ok(result.outcome === 'ADMITTED');
      await fx.waitForSold(saleId, 1, 15_000);
      assert.deepEqual(await durableTotals(fx, saleId), { sold: 1, rows: 1, units: 1 });
      await waitFor(async () => (await redis.zcard(saleKeys(fx.ns.name, saleId).pending)) === 0, { timeoutMs: 5_000, message: 'the outbox to empty' });
      const token = await fx.token(900, 'buyer');
      const ticket = await fx.http.send('GET', `/api/v1/tickets/${publicTicket(saleId, result.ticketId)}`, { headers: bearer(token) });
      assert.equal(ticket.json().status, 'CONFIRMED');
    } finally {
      redis.disconnect();
    }
  });
});

describe('redis data loss (integration)', () => {
  let fx: FlashSaleFixture;
  before(async () => {
    fx = await FlashSaleFixture.start(['edge', 'worker']);
  });
  after(async () => {
    await fx?.close();
  });

  it('redis loss - admission refuses until counters are rebuilt from Postgres, then never oversells', async () => {
    const stock = 50;
    const saleId = await fx.createSale({ stock, perUserLimit: 2 });
    const tokens = await Promise.all(Array.from({ length: 40 }, (_, i) => fx.token(3_000 + i, 'buyer')));
    const before = await Promise.all(tokens.map((t, i) => fx.attempt(saleId, t, `before-${i}`)));
    assert.equal(before.filter((a) => a.status === 202).length, 40);
    await fx.waitForSold(saleId, 40);

    // Redis restarts empty: every key of the sale is gone
    const redis = new Redis(fx.ns.config.redisUrl);
    const keys = await redis.keys(`${fx.ns.name}:{sale:${saleId}}:*`);
    await redis.unlink(...keys);
    const refused = await fx.attempt(saleId, tokens[0], 'after-loss');
    assert.equal(refused.status, 503);
    assert.equal(refused.json().error.code, 'SALE_UNAVAILABLE');

    const nc = await connectNats(fx.ns.config.nats);
    const rebuilt = await rebuildSaleCounters({ db: fx.db, redis, jsm: await jetstreamManager(nc) }, { namespace: fx.ns.name, partitions: fx.ns.config.partitions, saleId, idempotencyTtlSec: 60 });
    await nc.close();
    redis.disconnect();
    assert.deepEqual(rebuilt, { saleId, remaining: stock - 40, users: 40, answers: 40, pending: 0 });

    // everyone tries two more units: per-user limits and stock both survived the loss
    const after = await Promise.all(tokens.flatMap((t, i) => [fx.attempt(saleId, t, `after-${i}-a`), fx.attempt(saleId, t, `after-${i}-b`)]));
    assert.equal(after.filter((a) => a.status === 202).length, stock - 40);
    await fx.waitForSold(saleId, stock);
    const { rows } = await fx.db.query<{ max: string }>('SELECT max(n) FROM (SELECT sum(quantity) AS n FROM orders WHERE sale_id = $1 GROUP BY user_id) t', [saleId]);
    assert.ok(Number(rows[0].max) <= 2);
    assert.equal(await fx.soldInPostgres(saleId), stock);
  });
});
