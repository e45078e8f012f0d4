// Order intake, on the request path without a Postgres write: validate and price the lines (cached
// catalog), take the stock hold with lua/reserve-5.lua (all-or-nothing, idempotent per order key: the
// reservation id IS the order id, so a retried key answers the same order), and hand the order command
// to the order actors. A key refused for stock still becomes an order (CANCELLED, INSUFFICIENT_STOCK),
// with the id the refusal stored. A replayed key republishes its command: harmless (the actor's inserts
// are keyed) and it heals a first publish that failed after the hold was taken.
import type { RedisClient } from '../platform/redis/redis-client.js';
import { EngineError } from '../platform/errors.js';
import { fingerprint, refusalError, reserve } from '../reservation/reservation-admission.js';
import { inventoryKeys } from '../reservation/reservation-keys.js';
import { orderHoldKey, type OrderCommand } from './order-command.js';
import type { OrderPublisher } from './order-publisher.js';
import type { OrdersConfig } from './orders-config.js';
import type { NewOrder } from './order-types.js';
import type { SkuPriceCache } from '../catalog/sku-price-cache.js';

export interface IntakeResult {
  orderId: string;
}

export type BatchIntakeResult = IntakeResult | { error: { code: string; message: string } };

export interface IntakeDeps {
  redis: RedisClient;
  prices: SkuPriceCache;
  publisher: OrderPublisher;
  config: OrdersConfig;
  namespace: string;
  idempotencyTtlSec: number;
}

export class OrderIntake {
  constructor(private readonly deps: IntakeDeps) {}

  /** Same-SKU lines summed, every limit checked, prices from the catalog. */
  async price(lines: NewOrder['lines']): Promise<OrderCommand['lines']> {
    const { config } = this.deps;
    if (lines.length === 0) throw new EngineError('CART_EMPTY', 'the order has no items');
    const units = new Map<number, number>();
    for (const line of lines) units.set(line.sku, (units.get(line.sku) ?? 0) + line.quantity);
    if (units.size > config.maxLines) throw new EngineError('TOO_MANY_LINES', `at most ${config.maxLines} SKUs per order`);
    const skus = await this.deps.prices.get([...units.keys()]);
    return [...units].map(([skuId, quantity]) => {
      const sku = skus.get(skuId);
      if (!sku) throw new EngineError('UNKNOWN_SKU', `sku ${skuId} does not exist`);
      if (!sku.onSale) throw new EngineError('ITEM_NOT_ON_SALE', `sku ${skuId} is not on sale`);
      if (quantity > config.maxQuantityPerSku) {
        throw new EngineError('QUANTITY_OVER_LIMIT', `at most ${config.maxQuantityPerSku} units of sku ${skuId} per order`);
      }
      return [sku.skuId, sku.itemId, sku.sellerId, quantity, sku.unitPrice];
    });
  }

  /** One order: held (or refused for stock) and handed to its actor before this resolves. */
  async submit(order: NewOrder): Promise<IntakeResult> {
    const lines = await this.price(order.lines);
    const { redis, config, namespace, idempotencyTtlSec } = this.deps;
    const print = fingerprint([order.lines, order.receiver, order.deliveryNote, order.cardToken]);
    const holdExpiresAtMs = Date.now() + config.holdTtlMs;
    const result = await reserve(redis, namespace, idempotencyTtlSec, {
      userId: order.userId,
      idempotencyKey: orderHoldKey(order),
      lines: lines.map((l) => [l[0], l[3], '']),
      holdTtlMs: config.holdTtlMs,
      print,
    });
    // a refusal for stock still becomes an order; one without an id (counters missing, a body mismatch) does not
    if (result.outcome === 'REFUSED' && !result.reservationId) throw refusalError(result.code, 0);
    const orderId = result.reservationId!;
    const refused = result.outcome === 'REFUSED';
    await this.handOver({
      kind: 'NEW',
      id: orderId,
      userId: order.userId,
      source: order.source,
      idempotencyKey: order.idempotencyKey,
      outcome: refused ? 'REFUSED' : 'HELD',
      failureCode: refused ? result.code : undefined,
      lines,
      total: lines.reduce((sum, l) => sum + l[3] * l[4], 0),
      receiver: order.receiver,
      deliveryNote: order.deliveryNote,
      cardToken: order.cardToken,
      holdExpiresAtMs,
      print,
    });
    return { orderId };
  }

  /** The hold is taken; if the command cannot reach JetStream the client retries its key (the replay republishes). */
  private async handOver(command: OrderCommand): Promise<void> {
    try {
      await this.deps.publisher.publish(command);
    } catch (err) {
      throw new EngineError('UNAVAILABLE', 'the order queue is unavailable; retry with the same Idempotency-Key', { cause: err });
    }
  }

  /** Many orders side by side; each answers its id or its own error. */
  submitBatch(orders: NewOrder[]): Promise<BatchIntakeResult[]> {
    return Promise.all(
      orders.map((order) =>
        this.submit(order).catch((err: unknown) => {
          if (err instanceof EngineError) return { error: { code: err.code, message: err.message } };
          throw err;
        }),
      ),
    );
  }
}

/** Whether an order was accepted and still holds its stock (its actor may not have written it yet). */
export function acceptedOrder(redis: RedisClient, namespace: string): (orderId: string) => Promise<boolean> {
  const records = inventoryKeys(namespace).records;
  return async (orderId) => (await redis.hexists(records, orderId)) === 1;
}
