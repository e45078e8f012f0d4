// After admission, the purchase: every admitted buyer's ticket is an order AWAITING_PAYMENT. Two figures,
// on the real processes (edges, sale worker, orchestrator with the order actors and the expiry, the fake
// gateway with no latency):
//   paid orders/s      — ORDERS units admitted and written, then every buyer pays at once
//                        (POST /api/v1/orders/:id/payment, PAY_CONCURRENCY in flight): from the first pay
//                        request until all are PAID;
//   units returned/s   — ORDERS units admitted and written, nobody pays, and the windows of all close at
//                        once (payBy set to now in Postgres): until every unit is back on sale in Redis.
import { randomUUID } from 'node:crypto';
import { freePort } from '../../test/support/engine-processes.js';
import { bearer, HttpClient } from '../../test/support/http-client.js';
import { saleKeys } from '../../engine/sale/sale-keys.js';
import { createBenchSale, sleep, type EngineUnderTest, type Progress } from './engine-under-test.js';
import { everySecond, printLine } from './progress-ticker.js';

export interface PaymentWindowFigures {
  orders: number;
  paidPerSec: number;
  returnedPerSec: number;
}

const ORDERS = 10_000;
const PER_USER = 2;
const PAY_CONCURRENCY = 256;
const receiver = { name: 'Bench Buyer', phone: '010-0000-0000', address: '1 Bench Street' };

/** Runs `task(i)` for i in 0..count-1 with `concurrency` in flight, printing how many are done each second. */
async function inParallel(what: string, count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  let done = 0;
  const stopTicking = everySecond(printLine, (sec) => `[${what}] ${done} of ${count} (${sec} s)`);
  try {
    await Promise.all(Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++, done++) await task(i);
    }));
  } finally {
    stopTicking();
  }
}

async function until(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const stopTicking = everySecond(printLine, (sec) => `[wait] ${what}: ${sec} s`);
  try {
    for (const deadline = Date.now() + timeoutMs; !(await probe()); await sleep(20)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    }
  } finally {
    stopTicking();
  }
}

export async function measurePaymentWindow(engine: EngineUnderTest, progress: Progress): Promise<PaymentWindowFigures> {
  const { fx } = engine;
  const env = { ...fx.ns.env, FAKE_GATEWAY_PORT: String(await freePort()), REQUEST_LOG_LEVEL: 'silent' };
  await engine.startRole('gateway', 'gateway', env);
  await engine.startRole('orchestrator', 'orchestrator', env);
  const http = new HttpClient(engine.baseUrl);
  try {
    /** A sale of ORDERS units, all admitted and written; answers it and each order with its buyer's token. */
    const soldSale = async (): Promise<{ saleId: number; orders: [string, string][] }> => {
      const saleId = await createBenchSale(engine, ORDERS, PER_USER);
      const orders: [string, string][] = [];
      await inParallel('attempts', ORDERS, PAY_CONCURRENCY, async (i) => {
        const token = engine.tokens[Math.floor(i / PER_USER) % engine.tokens.length];
        const answer = await http.send('POST', `/api/v1/sales/${saleId}/attempts`, {
          headers: { ...bearer(token), 'idempotency-key': randomUUID(), 'content-type': 'application/json' },
          body: '{"quantity":1}',
        });
        if (answer.status !== 202) throw new Error(`attempt answered ${answer.status} ${answer.text}`);
        orders.push([(answer.json().ticket as string).split('_')[1], token]);
      });
      await fx.waitForSold(saleId, ORDERS, engine.settings.durabilityTimeoutSec * 1000);
      return { saleId, orders };
    };
    const count = async (saleId: number, status: string) =>
      (await fx.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM shop_orders o JOIN shop_order_items i ON i.order_id = o.id WHERE i.sale_id = $1 AND o.status = $2`,
        [saleId, status],
      )).rows[0].n;

    progress(`payment window: ${ORDERS} admitted buyers all pay at once`);
    const paying = await soldSale();
    const payStart = performance.now();
    await inParallel('payments', ORDERS, PAY_CONCURRENCY, async (i) => {
      const [orderId, token] = paying.orders[i];
      const answer = await http.send('POST', `/api/v1/orders/${orderId}/payment`, {
        headers: { ...bearer(token), 'idempotency-key': randomUUID(), 'content-type': 'application/json' },
        body: JSON.stringify({ cardToken: 'tok_bench_4242', receiver }),
      });
      if (answer.status !== 202) throw new Error(`payment answered ${answer.status} ${answer.text}`);
    });
    progress(`every payment accepted (202) in ${((performance.now() - payStart) / 1000).toFixed(1)} s`);
    await until('every order PAID', async () => (await count(paying.saleId, 'PAID')) === ORDERS, engine.settings.durabilityTimeoutSec * 1000);
    const paidPerSec = ORDERS / ((performance.now() - payStart) / 1000);
    progress(`admitted -> PAID: ${Math.round(paidPerSec)} orders/s`);

    progress(`payment window: ${ORDERS} admitted buyers, none pays, every window closes at once`);
    const lapsed = await soldSale();
    const meta = saleKeys(fx.ns.config.namespace, lapsed.saleId).meta;
    const returnStart = performance.now();
    await fx.db.query(`UPDATE shop_orders SET pay_by = now() WHERE id = ANY($1::uuid[])`, [lapsed.orders.map(([id]) => id)]);
    await until('every unit back on sale', async () => Number(await engine.redis.hget(meta, 'remaining')) === ORDERS, engine.settings.durabilityTimeoutSec * 1000);
    const returnedPerSec = ORDERS / ((performance.now() - returnStart) / 1000);
    progress(`units returned: ${Math.round(returnedPerSec)} /s`);
    return { orders: ORDERS, paidPerSec, returnedPerSec };
  } finally {
    http.close();
  }
}
