// The order saga on real processes (edge, orchestrator, the fake PortOne-like gateway): concurrency
// with a failing gateway, a gateway that times out for a while, and an orchestrator killed mid-saga.
// Invariants are exact: paid orders hold stock (Postgres and Redis), every other order released its
// stock and holds no money at the gateway.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../support/engine-processes.js';
import { assertBooks, GatewayControl, untilAllFinal } from './order-books.js';
import { OrderFixture } from './order-fixture.js';

describe('order saga (integration, fake gateway)', () => {
  let fx: OrderFixture;
  let gateway: GatewayControl;
  const control = (knobs: Record<string, number>) => gateway.set(knobs);
  const stats = () => gateway.stats();

  /** Places `count` one-unit orders of `sku` at once, one buyer each; answers the order ids. */
  async function placeOrders(sku: number, count: number, firstUser: number): Promise<string[]> {
    const tokens = await Promise.all(Array.from({ length: count }, (_, i) => fx.cat.token(firstUser + i, 'buyer')));
    const answers = await Promise.all(tokens.map((t) => fx.order(t, { items: [{ sku, quantity: 1 }] }, randomUUID())));
    for (const a of answers) assert.equal(a.status, 202, a.text);
    return answers.map((a) => a.json().orderId);
  }

  before(async () => {
    const port = await freePort();
    gateway = new GatewayControl(`http://127.0.0.1:${port}`);
    fx = await OrderFixture.start(['gateway', 'edge', 'orchestrator'], {
      FAKE_GATEWAY_PORT: String(port),
      PAYMENT_TIMEOUT_MS: '300',
      PAYMENT_BREAKER_COOLDOWN_MS: '500',
      // backoff long enough to outlast the test's 3 s outage: 8 payment attempts span well over 3 s
      ORDER_PAYMENT_MAX_ATTEMPTS: '8',
      ORDER_RETRY_BASE_MS: '250',
      ORDER_RETRY_MAX_MS: '2000',
      ORDER_COMPENSATION_MAX_ATTEMPTS: '10',
    });
  });
  after(async () => {
    await fx?.close();
  });

  it('saga - 2,000 concurrent orders for 500 units with 20% gateway errors: exactly the paid orders hold stock', async () => {
    const stock = 500;
    const sku = (await fx.rx.item([stock])).skus[0].id;
    const before = await stats();
    await control({ errorRate: 0.2 });
    const ids = await placeOrders(sku, 2_000, 10_000);
    await untilAllFinal(fx, ids, 120_000);
    await control({ errorRate: 0 });
    const paid = await assertBooks(fx, gateway, sku, stock, ids, before);
    assert.ok(paid > 0 && paid <= stock, `paid ${paid}`);
  });

  it('saga - a gateway timing out for a while leaves orders PAID or cleanly CANCELLED, none stuck', async () => {
    const stock = 100;
    const sku = (await fx.rx.item([stock])).skus[0].id;
    const before = await stats();
    await control({ timeoutRate: 1 });
    const ids = await placeOrders(sku, 60, 20_000);
    await new Promise((r) => setTimeout(r, 3_000));
    await control({ timeoutRate: 0 });
    await untilAllFinal(fx, ids, 60_000);
    await assertBooks(fx, gateway, sku, stock, ids, before);
    const { rows } = await fx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM order_events WHERE order_id = ANY($1::uuid[]) AND detail->>'retry' = 'CIRCUIT_OPEN'`,
      [ids],
    );
    assert.ok(rows[0].n > 0, 'the breaker opened and orders waited instead of calling');
  });

  it('saga - an orchestrator killed mid-saga is restarted and every order reaches a final state', async () => {
    const stock = 150;
    const sku = (await fx.rx.item([stock])).skus[0].id;
    const before = await stats();
    await control({ latencyMs: 100 });
    const ids = await placeOrders(sku, 200, 30_000);
    await fx.rx.until('some orders paid', async () => ((await fx.statuses()).PAID ?? 0) > 0, 30_000);
    await fx.cat.fx.roles.get('orchestrator')!.kill9();
    assert.ok((await fx.notFinal()) > 0, 'the kill happened mid-saga');
    await control({ latencyMs: 0 });
    await fx.cat.fx.startRole('orchestrator');
    await untilAllFinal(fx, ids, 60_000);
    await assertBooks(fx, gateway, sku, stock, ids, before);
  });
});
