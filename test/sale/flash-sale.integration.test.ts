// Real edge + worker processes on real Redis, NATS JetStream and Postgres; exact counts only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../support/engine-processes.js';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';

describe('flash sale (integration)', () => {
  let fx: FlashSaleFixture;
  before(async () => {
    fx = await FlashSaleFixture.start(['edge', 'worker'], { METRICS_PORT_BASE: String(await freePort()) });
  });
  after(async () => {
    await fx?.close();
  });

  it('flash sale - 20,000 concurrent attempts from 5,000 users admit exactly the stock', async () => {
    const stock = 1_000;
    const saleId = await fx.createSale({ stock, perUserLimit: 2 });
    const users = Array.from({ length: 5_000 }, (_, i) => 1_000 + i);
    const tokens = await Promise.all(users.map((u) => fx.token(u, 'buyer')));
    const answers = await Promise.all(
      users.flatMap((_, i) => [0, 1, 2, 3].map((k) => fx.attempt(saleId, tokens[i], `u${users[i]}-k${k}`))),
    );
    const admitted = answers.filter((a) => a.status === 202);
    const refused = answers.filter((a) => a.status === 409);
    assert.equal(admitted.length, stock);
    assert.equal(refused.length, answers.length - stock, 'every other attempt is a clean 409');
    for (const a of refused) assert.ok(['SOLD_OUT', 'LIMIT_REACHED'].includes(a.json().error.code), a.text);

    await fx.waitForSold(saleId, stock);
    const { rows } = await fx.db.query<{ orders: string; units: string; max_per_user: string }>(
      `SELECT count(*) AS orders, sum(quantity) AS units,
              (SELECT max(n) FROM (SELECT sum(quantity) AS n FROM orders WHERE sale_id = $1 GROUP BY user_id) per_user) AS max_per_user
       FROM orders WHERE sale_id = $1`,
      [saleId],
    );
    assert.equal(Number(rows[0].orders), stock);
    assert.equal(Number(rows[0].units), stock);
    assert.ok(Number(rows[0].max_per_user) <= 2);

    const tickets = new Set(admitted.map((a) => a.json().ticket.split('_')[1]));
    assert.equal(tickets.size, stock, 'every admitted ticket is distinct');
    const ids = await fx.db.query<{ id: string }>('SELECT id FROM orders WHERE sale_id = $1', [saleId]);
    assert.deepEqual(new Set(ids.rows.map((r) => r.id)), tickets, 'every ticket is exactly one order row');

    const sale = (await fx.http.send('GET', `/api/v1/sales/${saleId}`)).json();
    assert.equal(sale.sold, stock);
    assert.equal(sale.remaining, 0);
    assert.equal(sale.stock, stock);
  });

  it('flash sale - the same Idempotency-Key sent 50 times concurrently buys one unit', async () => {
    const saleId = await fx.createSale({ stock: 10, perUserLimit: 5 });
    const token = await fx.token(77, 'buyer');
    const answers = await Promise.all(Array.from({ length: 50 }, () => fx.attempt(saleId, token, 'same-key')));
    assert.ok(answers.every((a) => a.status === 202));
    assert.equal(new Set(answers.map((a) => a.text)).size, 1, '50 identical answers');
    await fx.waitForSold(saleId, 1);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await fx.soldInPostgres(saleId), 1);

    const ticket = answers[0].json().ticket;
    const status = await fx.http.send('GET', `/api/v1/tickets/${ticket}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(status.status, 200);
    assert.equal(status.json().status, 'CONFIRMED');
    assert.equal(status.json().orderId, ticket.split('_')[1]);

    const other = await fx.token(78, 'buyer');
    const foreign = await fx.http.send('GET', `/api/v1/tickets/${ticket}`, { headers: { authorization: `Bearer ${other}` } });
    assert.equal(foreign.status, 404, "another user's ticket looks missing");

    const mismatch = await fx.attempt(saleId, token, 'same-key', 2);
    assert.equal(mismatch.status, 422);
    assert.equal(mismatch.json().error.code, 'IDEMPOTENCY_MISMATCH');
  });

  it('flash sale - after sold out, a replay still gets its original answer and others get SOLD_OUT', async () => {
    const saleId = await fx.createSale({ stock: 3, perUserLimit: 1 });
    const tokens = await Promise.all([201, 202, 203, 204].map((u) => fx.token(u, 'buyer')));
    const first = await Promise.all(tokens.slice(0, 3).map((t, i) => fx.attempt(saleId, t, `k${i}`)));
    assert.ok(first.every((a) => a.status === 202));
    const late = await fx.attempt(saleId, tokens[3], 'k3');
    assert.equal(late.json().error.code, 'SOLD_OUT');
    await new Promise((r) => setTimeout(r, 200)); // the announcement loads the admitted answers
    for (let i = 0; i < 3; i++) {
      const replay = await fx.attempt(saleId, tokens[i], `k${i}`);
      assert.equal(replay.status, 202);
      assert.equal(replay.text, first[i].text);
    }
    const metrics = await fx.metricsText();
    const fastPath = Number(/^gopang_sold_out_fast_path_total (\d+)/m.exec(metrics)?.[1] ?? 0);
    assert.ok(fastPath >= 3, `replays were answered from memory (fast path count ${fastPath})`);
  });

  it('flash sale - windows: NOT_OPEN before the start (retryable), ENDED after the end', async () => {
    const token = await fx.token(301, 'buyer');
    const future = await fx.createSale({ stock: 5, perUserLimit: 1, startsAt: new Date(Date.now() + 60_000) });
    const early = await fx.attempt(future, token, 'early');
    assert.equal(early.status, 409);
    assert.equal(early.json().error.code, 'NOT_OPEN');
    const past = await fx.createSale({ stock: 5, perUserLimit: 1, startsAt: new Date(Date.now() - 120_000), endsAt: new Date(Date.now() - 60_000) });
    const ended = await fx.attempt(past, token, 'late');
    assert.equal(ended.json().error.code, 'ENDED');
  });
});
