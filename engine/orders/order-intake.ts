// Order intake: validates and prices the lines from the catalog, then inserts the order (ORDERED, saga
// at RESERVE), its items and its first event in one transaction. The unique (user, source, key) makes
// a retried submission answer the order it created the first time.
import type pg from 'pg';
import { inTransaction } from '../platform/db/transaction.js';
import { EngineError } from '../platform/errors.js';
import { newTicketId } from '../sale/ticket-id.js';
import { insertOrderEvent } from './order-events.js';
import type { OrdersConfig } from './orders-config.js';
import type { NewOrder } from './order-types.js';
import { lookupSkus, type PricedSku } from './sku-pricing.js';

export interface IntakeResult {
  orderId: string;
  /** false when the idempotency key named an order that already existed */
  created: boolean;
}

interface PricedLine {
  sku: PricedSku;
  quantity: number;
}

async function findExisting(db: pg.Pool | pg.PoolClient, order: NewOrder): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM shop_orders WHERE user_id = $1 AND source = $2 AND idempotency_key = $3',
    [order.userId, order.source, order.idempotencyKey],
  );
  return rows[0]?.id;
}

export class OrderIntake {
  constructor(
    private readonly db: pg.Pool,
    private readonly config: OrdersConfig,
  ) {}

  /** Same-SKU lines summed, every limit checked, prices from the catalog. */
  async price(lines: NewOrder['lines']): Promise<PricedLine[]> {
    if (lines.length === 0) throw new EngineError('CART_EMPTY', 'the order has no items');
    const units = new Map<number, number>();
    for (const line of lines) units.set(line.sku, (units.get(line.sku) ?? 0) + line.quantity);
    if (units.size > this.config.maxLines) throw new EngineError('TOO_MANY_LINES', `at most ${this.config.maxLines} SKUs per order`);
    const skus = await lookupSkus(this.db, [...units.keys()]);
    return [...units].map(([skuId, quantity]) => {
      const sku = skus.get(skuId);
      if (!sku) throw new EngineError('UNKNOWN_SKU', `sku ${skuId} does not exist`);
      if (!sku.onSale) throw new EngineError('ITEM_NOT_ON_SALE', `sku ${skuId} is not on sale`);
      if (quantity > this.config.maxQuantityPerSku) {
        throw new EngineError('QUANTITY_OVER_LIMIT', `at most ${this.config.maxQuantityPerSku} units of sku ${skuId} per order`);
      }
      return { sku, quantity };
    });
  }

  /** One order; `afterInsert` runs in the same transaction (e.g. emptying the cart it came from). */
  async submit(order: NewOrder, afterInsert?: (client: pg.PoolClient) => Promise<void>): Promise<IntakeResult> {
    const existing = await findExisting(this.db, order);
    if (existing) return { orderId: existing, created: false };
    const lines = await this.price(order.lines);
    return inTransaction(this.db, async (client) => {
      const result = await this.insert(client, order, lines);
      if (result.created && afterInsert) await afterInsert(client);
      return result;
    });
  }

  /** A batch of orders in one transaction; each answers its id or its own error. */
  async submitBatch(orders: NewOrder[]): Promise<(IntakeResult | { error: { code: string; message: string } })[]> {
    const priced = await Promise.all(
      orders.map((order) =>
        this.price(order.lines).catch((err: unknown) => {
          if (err instanceof EngineError) return err;
          throw err;
        }),
      ),
    );
    return inTransaction(this.db, async (client) => {
      const results: (IntakeResult | { error: { code: string; message: string } })[] = [];
      for (let i = 0; i < orders.length; i++) {
        const lines = priced[i];
        const existing = await findExisting(client, orders[i]);
        if (existing) results.push({ orderId: existing, created: false });
        else if (lines instanceof EngineError) results.push({ error: { code: lines.code, message: lines.message } });
        else results.push(await this.insert(client, orders[i], lines));
      }
      return results;
    });
  }

  private async insert(client: pg.PoolClient, order: NewOrder, lines: PricedLine[]): Promise<IntakeResult> {
    const orderId = newTicketId();
    const total = lines.reduce((sum, l) => sum + l.sku.unitPrice * l.quantity, 0);
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO shop_orders (id, user_id, source, idempotency_key, status, saga_step, total_amount,
         receiver_name, receiver_phone, receiver_address, delivery_note, card_token)
       VALUES ($1, $2, $3, $4, 'ORDERED', 'RESERVE', $5, $6, $7, $8, $9, $10)
       ON CONFLICT (user_id, source, idempotency_key) DO NOTHING RETURNING id`,
      [orderId, order.userId, order.source, order.idempotencyKey, total, order.receiver.name, order.receiver.phone,
        order.receiver.address, order.deliveryNote, order.cardToken],
    );
    if (rows.length === 0) {
      // a concurrent submission with the same key won the insert
      return { orderId: (await findExisting(client, order))!, created: false };
    }
    await client.query(
      `INSERT INTO shop_order_items (order_id, sku_id, item_id, seller_id, quantity, unit_price)
       SELECT $1, * FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::int[], $6::bigint[])`,
      [orderId, lines.map((l) => l.sku.skuId), lines.map((l) => l.sku.itemId), lines.map((l) => l.sku.sellerId),
        lines.map((l) => l.quantity), lines.map((l) => l.sku.unitPrice)],
    );
    await insertOrderEvent(client, orderId, 'CREATED', null, 'ORDERED', { source: order.source, total });
    return { orderId, created: true };
  }
}
