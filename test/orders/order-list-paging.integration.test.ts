// Cursor pagination (docs/http.md#pagination) walked on the buyer's order list, the list keyed by
// (createdAt, id): orders sharing a createdAt are neither repeated nor skipped across pages, and orders
// written during the walk never shift it (no duplicate, no gap).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { FlashSaleFixture } from '../support/flash-sale-fixture.js';
import { bearer } from '../support/http-client.js';

const BUYER = 9_101;

describe('order list paging (integration)', () => {
  let fx: FlashSaleFixture;
  let token: string;
  let inserted = 0;

  /** An order row of BUYER at `at` (the list reads rows; the saga is not involved). */
  const insertOrder = async (at: string): Promise<string> => {
    const id = randomUUID();
    await fx.db.query(
      `INSERT INTO shop_orders (id, user_id, source, idempotency_key, status, saga_step, total_amount, receiver_name, receiver_phone, receiver_address, created_at)
       VALUES ($1, $2, 'API', $3, 'PAID', 'DONE', 1000, 'R', '010', 'Seoul', $4)`,
      [id, BUYER, `page-${inserted++}`, at],
    );
    return id;
  };
  type OrderPage = { items: { orderId: string; createdAt: string }[]; next: string | null };
  const page = async (query: string): Promise<OrderPage> => {
    const answer = await fx.http.send('GET', `/api/v1/orders${query}`, { headers: bearer(token) });
    assert.equal(answer.status, 200, answer.text);
    return answer.json() as OrderPage;
  };

  before(async () => {
    fx = await FlashSaleFixture.start(['edge'], { USER_RATE_LIMIT_PER_SEC: '0' });
    token = await fx.token(BUYER, 'buyer');
  });
  after(async () => fx?.close());

  it('paging - a walk by cursor sees every order once, newest first, while orders are written', async () => {
    const existing: string[] = [];
    const tie = '2026-11-01T10:00:00.123456Z'; // one microsecond-precise instant shared by 12 orders
    for (let i = 0; i < 12; i++) existing.push(await insertOrder(tie));
    for (let i = 0; i < 30; i++) existing.push(await insertOrder(new Date(Date.UTC(2026, 10, 1, 9, i)).toISOString()));

    const seen: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      // each page is read while two more orders arrive at once: one newer than all, one older than all
      const [got]: [OrderPage, ...unknown[]] = await Promise.all([
        page(`?limit=5${cursor ? `&cursor=${cursor}` : ''}`),
        insertOrder(new Date().toISOString()),
        insertOrder(`2025-0${1 + (pages % 9)}-01T00:00:00Z`),
      ]);
      assert.ok(got.items.length <= 5);
      seen.push(...got.items.map((o) => o.orderId));
      cursor = got.next;
      pages++;
      assert.ok(pages < 100, 'the walk ends');
    }
    assert.equal(new Set(seen).size, seen.length, 'no order twice');
    for (const id of existing) assert.ok(seen.includes(id), `order ${id} was skipped`);
    const { rows } = await fx.db.query<{ id: string }>('SELECT id FROM shop_orders WHERE user_id = $1 ORDER BY created_at DESC, id DESC', [BUYER]);
    const order = new Map(rows.map((r, i) => [r.id, i]));
    assert.deepEqual(seen, [...seen].sort((a, b) => order.get(a)! - order.get(b)!), 'newest first, ties by id');
  });

  it('paging - limits and cursors are checked; the last page says next: null; before=<time> is still taken', async () => {
    const refuse = async (query: string, code: string) => {
      const answer = await fx.http.send('GET', `/api/v1/orders${query}`, { headers: bearer(token) });
      assert.equal(answer.status, 400, `${query}: ${answer.text}`);
      assert.equal(answer.json().error.code, code, query);
    };
    await refuse('?limit=0', 'INVALID_INPUT');
    await refuse('?limit=101', 'INVALID_INPUT');
    await refuse('?cursor=not-a-cursor!', 'INVALID_CURSOR');
    await refuse(`?cursor=${Buffer.from('["2026-02-30T00:00:00Z","x"]').toString('base64url')}`, 'INVALID_CURSOR');
    await refuse(`?cursor=${Buffer.from('["12"]').toString('base64url')}`, 'INVALID_CURSOR');
    await refuse('?before=yesterday', 'INVALID_INPUT');

    const all = await page('?limit=100');
    assert.equal(all.next, null);
    assert.equal((await page('')).items.length, 20, 'default limit 20');
    const legacy = await page('?limit=100&before=2026-11-01T09:30:00Z');
    assert.deepEqual(legacy.items.map((o) => o.orderId), all.items.filter((o) => o.createdAt < '2026-11-01T09:30:00.000Z').map((o) => o.orderId));
  });
});
