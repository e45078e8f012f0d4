// bench:compare's baseline (bench/baseline/baseline-server.ts) really has the faults the comparison
// shows, against real Redis and Postgres: a rush of buyers larger than the stock is oversold, and a
// retried request is a second order. Exact counts where the naive logic makes them exact.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import { mintAccessToken } from '../../engine/auth/dev-token-issuer.js';
import { baselineKeys } from '../../bench/baseline/baseline-keys.js';
import { startBaseline, type BaselineUnderTest } from '../../bench/baseline/baseline-under-test.js';
import { countOf, runLoad } from '../../bench/support/load-run.js';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';

const BUYERS = 200;
const STOCK = 20;

let fx: FlashSaleFixture;
let redis: Redis;
let baseline: BaselineUnderTest;
const tokens: string[] = [];

before(async () => {
  fx = await FlashSaleFixture.start([]);
  redis = new Redis(fx.ns.config.redisUrl);
  for (let i = 0; i < BUYERS; i++) tokens.push(await mintAccessToken(fx.ns.config, { userId: 500_000 + i, roles: ['buyer'] }));
  baseline = await startBaseline({ fx, redis });
});

after(async () => {
  await baseline?.close();
  redis?.disconnect();
  await fx?.close();
});

async function orders(saleId: number): Promise<{ rows: number; buyers: number }> {
  const { rows } = await fx.db.query<{ rows: number; buyers: number }>(
    'SELECT count(*)::int AS rows, count(DISTINCT user_id)::int AS buyers FROM baseline.orders WHERE sale_id = $1',
    [saleId],
  );
  return rows[0];
}

test('baseline - a rush of buyers larger than the stock is oversold (check and decrement are separate round trips)', async (t) => {
  const saleId = await baseline.createSale(STOCK, 1);
  const load = await runLoad({ url: baseline.attemptUrl(saleId), connections: BUYERS, durationSec: 30, amount: BUYERS, attempt: { tokens, keyPrefix: 'rush-' } });
  const sold = await orders(saleId);
  assert.equal(countOf(load, 201), sold.rows, 'every 201 is an order row');
  t.diagnostic(`${sold.rows} orders for a stock of ${STOCK}`);
  assert.ok(sold.rows > STOCK, `${sold.rows} orders for a stock of ${STOCK}`);
  // every order took its unit from the counter too: the counter went below zero by exactly the oversell
  assert.equal(Number(await redis.get(baselineKeys(fx.ns.config.namespace, saleId).stock)), STOCK - sold.rows);
});

test('baseline - every retried request is a second order (the Idempotency-Key is ignored)', async () => {
  const saleId = await baseline.createSale(1_000_000, 1_000);
  const load = await runLoad({
    url: baseline.attemptUrl(saleId), connections: 50, durationSec: 30, amount: 2 * BUYERS, attempt: { tokens, keyPrefix: 'retry-', sendsPerKey: 2 },
  });
  assert.equal(countOf(load, 201), 2 * BUYERS);
  assert.deepEqual(await orders(saleId), { rows: 2 * BUYERS, buyers: BUYERS });
});
