// Catalog setup shared by the reservation tests: a seller, a category and items with SKUs, plus
// readers of the Redis counters and the Postgres truth.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { ItemView, Lifecycle, NewItem } from '../../engine/catalog/catalog-types.js';
import { counterField, inventoryKeys } from '../../engine/reservation/reservation-keys.js';
import { CatalogFixture } from '../catalog/catalog-fixture.js';
import type { RoleName } from '../support/engine-processes.js';
import { waitFor } from '../support/eventually.js';

export class ReservationFixture {
  /** the slots each SKU of a RESERVABLE item lists unless told otherwise */
  static readonly slots = ['2026-12-24', '2026-12-25'];
  readonly redis: Redis;
  private sellerToken = '';
  /** the seller and category of the fixture's items */
  sellerId = 0;
  categoryId = 0;

  private constructor(readonly cat: CatalogFixture) {
    this.redis = new Redis(cat.config.redisUrl);
  }

  static async start(roles: RoleName[], env: NodeJS.ProcessEnv = {}): Promise<ReservationFixture> {
    const fx = new ReservationFixture(await CatalogFixture.start(roles, env));
    fx.sellerToken = await fx.cat.token(500, 'seller');
    fx.sellerId = await fx.cat.createSeller(fx.sellerToken);
    fx.categoryId = await fx.cat.createCategory(await fx.cat.token(1, 'admin'), 'Stock');
    return fx;
  }

  get db() {
    return this.cat.db;
  }

  /**
   * An item with the given SKU stocks, on sale unless `lifecycle` says otherwise; each SKU of a RESERVABLE
   * item lists `slots`. Answers its view (SKU ids in order).
   */
  async item(
    stocks: number[],
    productType: NewItem['productType'] = 'REALTIME',
    { lifecycle = 'SALES', slots = ReservationFixture.slots }: { lifecycle?: Lifecycle; slots?: string[] } = {},
  ): Promise<ItemView> {
    const item = await this.cat.createItem(this.sellerToken, {
      sellerId: this.sellerId,
      categoryId: this.categoryId,
      productType,
      optionGroups: stocks.length > 1 ? [{ name: 'variant', values: stocks.map((_, i) => `v${i}`) }] : undefined,
      skus: stocks.map((stock, i) => ({ stock, ...(stocks.length > 1 ? { options: [`v${i}`] } : {}), ...(productType === 'RESERVABLE' ? { slots } : {}) })),
    });
    return this.cat.advanceTo(this.sellerToken, item, lifecycle);
  }

  /** Walks the item forward through the lifecycle up to `to`, as its seller. */
  advance(item: ItemView, to: Lifecycle): Promise<ItemView> {
    return this.cat.advanceTo(this.sellerToken, item, to);
  }

  /** A request of the items' seller. */
  asSeller(method: string, path: string, body?: unknown) {
    return this.cat.send(method, path, this.sellerToken, body);
  }

  reserve(token: string, items: unknown, idempotencyKey: string = randomUUID()) {
    return this.cat.send('POST', '/api/v1/reservations', token, { items }, { 'idempotency-key': idempotencyKey });
  }

  async redisAvailable(skuId: number): Promise<number | null> {
    const value = await this.redis.hget(inventoryKeys(this.cat.config.namespace).counters, counterField.available(skuId));
    return value === null ? null : Number(value);
  }

  async redisSlotUsed(skuId: number, slot: string): Promise<number> {
    return Number((await this.redis.hget(inventoryKeys(this.cat.config.namespace).counters, counterField.slotUsed(skuId, slot))) ?? 0);
  }

  async skuRow(skuId: number): Promise<{ stock: number; held: number; sold: number; available: number }> {
    const { rows } = await this.db.query<{ stock: number; held: number; sold: number }>('SELECT stock, held, sold FROM skus WHERE id = $1', [skuId]);
    return { ...rows[0], available: rows[0].stock - rows[0].held - rows[0].sold };
  }

  async states(): Promise<Record<string, number>> {
    const { rows } = await this.db.query<{ state: string; n: number }>('SELECT state, count(*)::int AS n FROM reservations GROUP BY state');
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }

  /** Polls `probe` until it returns true; a timeout says how many reservations are in each state. */
  async until(what: string, probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
    await waitFor(probe, { timeoutMs, intervalMs: 200, message: async () => `${what}: ${JSON.stringify(await this.states())}` });
  }

  async close(): Promise<void> {
    this.redis.disconnect();
    await this.cat.close();
  }
}
