// One saga scenario: N one-unit orders placed at once by distinct buyers through the edge, then timed
// until every saga is final. Latencies come from Postgres: an order's created_at to its PAID event.
import { randomUUID } from 'node:crypto';
import type { OrderFixture } from '../../test/orders/order-fixture.js';
import { bearer } from '../../test/support/http-client.js';
import { receiver } from '../../test/orders/order-fixture.js';

export interface SagaFigures {
  orders: number;
  paid: number;
  /** orders that reached PAID per second, first intake to last PAID */
  paidPerSec: number;
  /** accepted POSTs per second while the burst was sent */
  intakePerSec: number;
  p50Ms: number;
  p99Ms: number;
}

export interface BatchFigures {
  orders: number;
  batchSize: number;
  acceptedPerSec: number;
  /** same orders through the saga, first batch sent to last PAID */
  paidPerSec: number;
}

async function untilFinal(fx: OrderFixture, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await fx.notFinal()) > 0) {
    if (Date.now() > deadline) throw new Error('sagas did not finish in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function paidTimings(fx: OrderFixture, ids: string[]): Promise<{ latencies: number[]; lastPaidMs: number }> {
  const { rows } = await fx.db.query<{ ms: number; paid_at: Date }>(
    `SELECT extract(epoch FROM e.created_at - o.created_at) * 1000 AS ms, e.created_at AS paid_at
     FROM shop_orders o JOIN order_events e ON e.order_id = o.id AND e.to_status = 'PAID' AND e.type = 'STATUS'
     WHERE o.id = ANY($1::uuid[])`,
    [ids],
  );
  return { latencies: rows.map((r) => Number(r.ms)).sort((a, b) => a - b), lastPaidMs: Math.max(0, ...rows.map((r) => r.paid_at.getTime())) };
}

const quantile = (sorted: number[], q: number) => (sorted.length === 0 ? 0 : Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]));

export async function sagaScenario(fx: OrderFixture, sku: number, tokens: string[]): Promise<SagaFigures> {
  const started = Date.now();
  const answers = await Promise.all(
    tokens.map((token) => fx.order(token, { items: [{ sku, quantity: 1 }] }, randomUUID())),
  );
  const intakeSec = (Date.now() - started) / 1000;
  const ids = answers.filter((a) => a.status === 202).map((a) => a.json().orderId as string);
  await untilFinal(fx, 300_000);
  const { latencies, lastPaidMs } = await paidTimings(fx, ids);
  return {
    orders: ids.length,
    paid: latencies.length,
    paidPerSec: latencies.length / Math.max(0.001, (lastPaidMs - started) / 1000),
    intakePerSec: ids.length / intakeSec,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
  };
}

export async function batchScenario(fx: OrderFixture, sku: number, serviceToken: string, total: number, batchSize: number): Promise<BatchFigures> {
  const runId = randomUUID().slice(0, 8);
  const batches = Array.from({ length: Math.ceil(total / batchSize) }, (_, b) => ({
    orders: Array.from({ length: Math.min(batchSize, total - b * batchSize) }, (_, i) => ({
      userId: 900_000 + b * batchSize + i,
      idempotencyKey: `${runId}-${b}-${i}`,
      items: [{ sku, quantity: 1 }],
      receiver,
      cardToken: 'tok_bench_4242',
    })),
  }));
  const started = Date.now();
  const ids: string[] = [];
  // four batches in flight, as a calling service with a small pool would send them
  for (let b = 0; b < batches.length; b += 4) {
    const answers = await Promise.all(
      batches.slice(b, b + 4).map((batch) =>
        fx.cat.fx.http.send('POST', '/internal/v1/orders', { headers: { ...bearer(serviceToken), 'content-type': 'application/json' }, body: JSON.stringify(batch) }),
      ),
    );
    for (const a of answers) {
      if (a.status !== 202) throw new Error(`batch answered ${a.status}: ${a.text}`);
      for (const r of a.json().results) if (r.orderId) ids.push(r.orderId);
    }
  }
  const acceptedSec = (Date.now() - started) / 1000;
  await untilFinal(fx, 300_000);
  const { latencies, lastPaidMs } = await paidTimings(fx, ids);
  return { orders: ids.length, batchSize, acceptedPerSec: ids.length / acceptedSec, paidPerSec: latencies.length / Math.max(0.001, (lastPaidMs - started) / 1000) };
}
