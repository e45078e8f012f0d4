// An in-process edge with the after-sale, review and settlement features on a private namespace,
// a recording payment gateway (the one true external edge), and SQL helpers that create sellers,
// items and orders directly (the order saga is not needed to test what happens after delivery).
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { mintAccessToken } from '../../engine/auth/dev-token-issuer.js';
import type { Role } from '../../engine/auth/roles.js';
import type { EngineConfig } from '../../engine/platform/config.js';
import { ensureSigningKeys } from '../../engine/auth/signing-keys.js';
import type { CancelRequest, CancelResult, PaymentGateway } from '../../engine/payment/payment-gateway.js';
import { afterSaleRoutes } from '../../edge/after-sale/after-sale-routes.js';
import { openEdgeContext, type EdgeFeature } from '../../edge/edge-context.js';
import { reviewRoutes } from '../../edge/reviews/review-routes.js';
import { settlementRoutes } from '../../edge/settlement/settlement-routes.js';
import { freePort } from '../support/engine-processes.js';
import { bearer, HttpClient, type HttpAnswer } from '../support/http-client.js';
import { createTestNamespace, type TestNamespace } from '../support/test-namespace.js';
import { errorCode } from '../support/auth-api.js';
import assert from 'node:assert/strict';
import { createPool } from '../../engine/platform/db/pool.js';
import { createCounters } from '../../engine/reservation/inventory-counters.js';
import { counterField, inventoryKeys } from '../../engine/reservation/reservation-keys.js';

/** Records every cancel; `failures` makes the next calls fail as a gateway outage would. */
export class RecordingGateway implements PaymentGateway {
  readonly cancels: CancelRequest[] = [];
  failures = 0;

  async pay(): Promise<never> {
    throw new Error('not used by after-sale');
  }

  async find(): Promise<undefined> {
    return undefined;
  }

  async cancel(request: CancelRequest): Promise<CancelResult> {
    await new Promise((r) => setTimeout(r, 5)); // a remote call: let concurrent callers interleave
    if (this.failures > 0) {
      this.failures--;
      throw new Error('gateway unavailable');
    }
    this.cancels.push(request);
    return { merchantUid: request.merchantUid, cancelledAmount: request.amount ?? 0, remainingAmount: 0 };
  }
}

export interface Shop {
  sellerId: number;
  ownerId: number;
  categoryId: number;
  itemId: number;
  skuId: number;
}

export interface OrderLine {
  unitPrice: number;
  quantity?: number;
  shipmentStatus?: 'PENDING' | 'PREPARING' | 'SHIPPING' | 'DELIVERED' | 'CANCELLED';
  deliveredAt?: string;
  /** the receipt confirmation of a DELIVERED line: its delivery time unless given; null: not confirmed */
  confirmedAt?: string | null;
}

export interface Scene {
  fx: AfterSaleFixture;
  shop: Shop;
  buyerId: number;
  /** the buyer's token */
  buyer: string;
  /** the shop owner's seller token */
  seller: string;
}

export class AfterSaleFixture {
  readonly gateway = new RecordingGateway();
  readonly redis: Redis;

  private constructor(
    readonly ns: TestNamespace,
    readonly http: HttpClient,
    readonly db: pg.Pool,
    readonly imageDir: string,
    private readonly closeEdge: () => Promise<void>,
  ) {
    this.redis = new Redis(ns.config.redisUrl);
  }

  /**
   * `gatewayFor` replaces the recording gateway (e.g. an adapter on the fake gateway process); `more`
   * adds features of other domains (the buyer's pages test lists orders, say).
   */
  static async start(
    env: NodeJS.ProcessEnv = {}, gatewayFor?: (config: EngineConfig) => PaymentGateway, more: (gateway: PaymentGateway) => EdgeFeature[] = () => [],
  ): Promise<AfterSaleFixture> {
    const port = await freePort();
    const imageDir = await mkdtemp(join(tmpdir(), 'review-images-'));
    const ns = await createTestNamespace({ HTTP_PORT: String(port), REVIEW_IMAGE_DIR: imageDir, SETTLEMENT_INTERVAL_MS: '0', ...env });
    await ensureSigningKeys(ns.config.dataDir);
    const edge = await openEdgeContext(ns.config);
    const db = createPool(ns.config.databaseUrl, 4, ns.config.postgres, 'jobs');
    const fixture = new AfterSaleFixture(ns, new HttpClient(`http://127.0.0.1:${port}`), db, imageDir, () => edge.close());
    const gateway = gatewayFor?.(ns.config) ?? fixture.gateway;
    for (const feature of [afterSaleRoutes(() => gateway), reviewRoutes, settlementRoutes, ...more(gateway)]) await feature(edge.ctx);
    await edge.ctx.server.listen(port, '127.0.0.1');
    return fixture;
  }

  token(userId: number, ...roles: Role[]): Promise<string> {
    return mintAccessToken(this.ns.config, { userId, roles });
  }

  async send(method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    return this.http.send(method, path, {
      headers: { ...(token ? bearer(token) : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
    });
  }

  /** Sends and insists on the status; answers the JSON body. */
  async expect(status: number, method: string, path: string, token?: string, body?: unknown) {
    const answer = await this.send(method, path, token, body);
    if (answer.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${answer.status} ${answer.text}`);
    return answer.text ? answer.json() : undefined;
  }

  /** Sends and insists on the refusal: its status and error code. */
  async refuses(name: string, status: number, code: string, method: string, path: string, token?: string, body?: unknown): Promise<void> {
    const answer = await this.send(method, path, token, body);
    assert.equal(answer.status, status, `${name}: ${answer.text}`);
    assert.equal(errorCode(answer), code, name);
  }

  async user(name: string): Promise<number> {
    const { rows } = await this.db.query<{ id: string }>('INSERT INTO users (email, name) VALUES ($1, $2) RETURNING id', [`${randomUUID()}@example.com`, name]);
    return Number(rows[0].id);
  }

  /** A seller with one item and SKU; its owner is a member (return fee 3000, exchange fee 6000). */
  async shop(kind: 'INTERNAL' | 'EXTERNAL' = 'EXTERNAL', businessType?: string): Promise<Shop> {
    const ownerId = await this.user('Lee Seller');
    if (businessType) {
      await this.db.query('INSERT INTO seller_profiles (user_id, business_name, business_type) VALUES ($1, $2, $3)', [ownerId, 'Lee Goods', businessType]);
    }
    const { rows: [seller] } = await this.db.query<{ id: string }>(
      `INSERT INTO sellers (kind, name, user_id, return_address, return_fee, exchange_fee) VALUES ($1, 'Shop', $2, 'Seoul', 3000, 6000) RETURNING id`,
      [kind, ownerId],
    );
    await this.db.query('INSERT INTO seller_members (seller_id, user_id) VALUES ($1, $2)', [seller.id, ownerId]);
    const { rows: [category] } = await this.db.query<{ id: string }>(`INSERT INTO categories (name, depth) VALUES ('Goods', 0) RETURNING id`);
    const { itemId, skuId } = await this.item(Number(seller.id), Number(category.id));
    return { sellerId: Number(seller.id), ownerId, categoryId: Number(category.id), itemId, skuId };
  }

  /** An item of the seller in the category with one SKU of 100 units. */
  async item(sellerId: number, categoryId: number, lifecycle = 'SALES', name = 'Mug'): Promise<{ itemId: number; skuId: number }> {
    const { rows: [item] } = await this.db.query<{ id: string }>(
      `INSERT INTO items (seller_id, category_id, name, product_type, lifecycle, base_price) VALUES ($1, $2, $3, 'REALTIME', $4, 10000) RETURNING id`,
      [sellerId, categoryId, name, lifecycle],
    );
    const { rows: [sku] } = await this.db.query<{ id: string }>('INSERT INTO skus (item_id, stock) VALUES ($1, 100) RETURNING id', [item.id]);
    return { itemId: Number(item.id), skuId: Number(sku.id) };
  }

  /** A paid order of the buyer with one item per line (its units counted sold); answers the order id and the order item ids. */
  async order(buyerId: number, shop: Shop, lines: OrderLine[]): Promise<{ orderId: string; itemIds: number[]; merchantUid: string }> {
    const orderId = randomUUID();
    const total = lines.reduce((sum, l) => sum + l.unitPrice * (l.quantity ?? 1), 0);
    await this.db.query(
      `INSERT INTO shop_orders (id, user_id, source, idempotency_key, status, saga_step, total_amount, receiver_name, receiver_phone, receiver_address)
       VALUES ($1, $2, 'API', $3, 'PAID', 'DONE', $4, 'Kim', '010-0000-0000', 'Seoul')`,
      [orderId, buyerId, randomUUID(), total],
    );
    const itemIds: number[] = [];
    for (const line of lines) {
      const status = line.shipmentStatus ?? 'DELIVERED';
      const deliveredAt = status === 'DELIVERED' ? (line.deliveredAt ?? new Date().toISOString()) : null;
      const confirmedAt = line.confirmedAt === undefined ? deliveredAt : line.confirmedAt;
      const { rows } = await this.db.query<{ id: string }>(
        `INSERT INTO shop_order_items (order_id, sku_id, item_id, seller_id, quantity, unit_price, shipment_status, delivered_at,
           receipt_confirmed_at, receipt_confirmed_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $9::timestamptz IS NULL THEN NULL ELSE 'BUYER' END) RETURNING id`,
        [orderId, shop.skuId, shop.itemId, shop.sellerId, line.quantity ?? 1, line.unitPrice, status, deliveredAt, confirmedAt],
      );
      itemIds.push(Number(rows[0].id));
      // the SKU's books count the sold units, as the order pipeline's would
      await this.db.query('UPDATE skus SET sold = sold + $2, version = version + 1 WHERE id = $1', [shop.skuId, line.quantity ?? 1]);
    }
    const merchantUid = `m-${orderId}`;
    await this.db.query(`INSERT INTO payments (order_id, merchant_uid, amount, status) VALUES ($1, $2, $3, 'PAID')`, [orderId, merchantUid, total]);
    return { orderId, itemIds, merchantUid };
  }

  /** The SKU's Redis counter made from its Postgres books, as the counter rebuild would. */
  async createCounter(skuId: number): Promise<void> {
    const { stock, held, sold } = await this.skuBooks(skuId);
    await createCounters(this.redis, this.ns.config.namespace, [{ skuId, productType: 'REALTIME', stock, committed: held + sold }]);
  }

  async redisAvailable(skuId: number): Promise<number> {
    return Number(await this.redis.hget(inventoryKeys(this.ns.config.namespace).counters, counterField.available(skuId)));
  }

  async skuBooks(skuId: number): Promise<{ stock: number; held: number; sold: number }> {
    const { rows } = await this.db.query<{ stock: number; held: number; sold: number }>('SELECT stock, held, sold FROM skus WHERE id = $1', [skuId]);
    return rows[0];
  }

  async count(sql: string, params: unknown[] = []): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) q`, params);
    return rows[0].n;
  }

  /** A shop, a buyer and their tokens: what most after-sale tests start from. */
  async scene(): Promise<Scene> {
    const shop = await this.shop();
    const buyerId = await this.user('Kim Buyer');
    return { fx: this, shop, buyerId, buyer: await this.token(buyerId, 'buyer'), seller: await this.token(shop.ownerId, 'seller') };
  }

  async close(): Promise<void> {
    this.http.close();
    this.redis.disconnect();
    await this.closeEdge();
    await this.db.end();
    await this.ns.cleanup();
    await rm(this.imageDir, { recursive: true, force: true });
  }
}
