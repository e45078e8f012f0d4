// The order pipeline under a burst, on real processes (edge, orchestrator with the order actors, the fake
// PortOne gateway): 20,000 orders in flight at once on ONE SKU of 15,000 units with the gateway failing
// at random, and the orchestrator killed -9 mid-burst. Books are exact: no unit oversold, every order
// final, paid units + units back on sale = stock, one payment per paid order in the gateway's ledger and
// every other charge cancelled.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../support/engine-processes.js';
import { assertBooks, GatewayControl, untilAllFinal } from './order-books.js';
import { OrderFixture, receiver } from './order-fixture.js';

const BUYERS = 2_000;
const CONCURRENCY = 256;

describe('order pipeline (integration, fake gateway)', () => {
  let fx: OrderFixture;
  let tokens: string[];

  let gateway: GatewayControl;
  const control = (knobs: Record<string, number>) => gateway.set(knobs);

  /** One order POST (the fixture's keep-alive client); a connection error counts as status 0, for a retry. */
  async function post(token: string, body: string, key: string): Promise<{ status: number; orderId?: string }> {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key };
    const answer = await fx.cat.fx.http.send('POST', '/api/v1/orders', { headers, body }).catch(() => undefined);
    if (!answer) return { status: 0 };
    return { status: answer.status, orderId: answer.status === 202 ? (answer.json() as { orderId: string }).orderId : undefined };
  }

  /** `count` one-unit orders of `sku`, CONCURRENCY in flight; a 5xx or a lost connection is retried with the same key. */
  async function placeOrders(sku: number, count: number, onProgress?: (accepted: number) => void): Promise<string[]> {
    const body = JSON.stringify({ items: [{ sku, quantity: 1 }], receiver, cardToken: 'tok_card_4242' });
    const ids: string[] = [];
    let next = 0;
    const run = randomUUID().slice(0, 8);
    const client = async () => {
      for (let i = next++; i < count; i = next++) {
        for (let attempt = 0; ; attempt++) {
          const answer = await post(tokens[i % tokens.length], body, `${run}-${i}`);
          if (answer.status === 202) {
            ids.push(answer.orderId!);
            onProgress?.(ids.length);
            break;
          }
          assert.ok(answer.status === 0 || answer.status >= 500, `order ${i} answered ${answer.status}`);
          assert.ok(attempt < 100, `order ${i} kept failing`);
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, client));
    return ids;
  }

  before(async () => {
    const port = await freePort();
    gateway = new GatewayControl(`http://127.0.0.1:${port}`);
    fx = await OrderFixture.start(['gateway', 'edge', 'orchestrator'], {
      FAKE_GATEWAY_PORT: String(port),
      PAYMENT_TIMEOUT_MS: '1000',
      PAYMENT_BREAKER_COOLDOWN_MS: '300',
      ORDER_PAYMENT_MAX_ATTEMPTS: '6',
      ORDER_RETRY_BASE_MS: '100',
      ORDER_RETRY_MAX_MS: '1000',
      ORDER_COMPENSATION_MAX_ATTEMPTS: '10',
      REQUEST_LOG_LEVEL: 'silent',
    });
    tokens = await Promise.all(Array.from({ length: BUYERS }, (_, i) => fx.cat.token(500_000 + i, 'buyer')));
  });
  after(async () => {
    await fx?.close();
  });

  it('pipeline - 20,000 concurrent orders on one SKU of 15,000 units, gateway failing 20%: exact books', async () => {
    const stock = 15_000;
    const sku = (await fx.rx.item([stock])).skus[0].id;
    const before = await gateway.stats();
    await control({ errorRate: 0.2 });
    const ids = await placeOrders(sku, 20_000);
    await untilAllFinal(fx, ids, 300_000);
    await control({ errorRate: 0 });
    const paid = await assertBooks(fx, gateway, sku, stock, ids, before);
    assert.ok(paid > stock / 2, `most units sold: ${paid}`);
  });

  it('pipeline - the orchestrator killed -9 mid-burst: restarted, every order final, exact books', async () => {
    const stock = 3_000;
    const sku = (await fx.rx.item([stock])).skus[0].id;
    const before = await gateway.stats();
    await control({ latencyMs: 20 });
    let killed: Promise<void> | undefined;
    const ids = await placeOrders(sku, 4_000, (accepted) => {
      if (accepted === 1_500) killed = fx.cat.fx.roles.get('orchestrator')!.kill9();
    });
    await killed;
    assert.ok((await fx.finalCount(ids)) < ids.length, 'the kill happened mid-burst');
    await control({ latencyMs: 0 });
    await fx.cat.fx.startRole('orchestrator');
    await untilAllFinal(fx, ids, 300_000);
    await assertBooks(fx, gateway, sku, stock, ids, before);
  });
});
