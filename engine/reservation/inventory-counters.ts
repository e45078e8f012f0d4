// Writes SKU counters into Redis, from Postgres (the source of truth): when SKUs are created or their
// stock changes, and when the rebuild command restores counters that Redis lost.
import type { ChainableCommander } from 'ioredis';
import type { RedisClient } from '../platform/redis/redis-client.js';
import { counterField, inventoryKeys } from './reservation-keys.js';
import type { InventoryCounters, ProductType } from '../catalog/catalog-types.js';

export interface SkuCounters {
  skuId: number;
  productType: ProductType;
  stock: number;
  /** REALTIME: units held + sold in Postgres */
  committed: number;
  /** RESERVABLE: units used per slot (held + confirmed) */
  slots?: Map<string, number>;
}

/** Queues the HSETs that make Redis match `sku` exactly. */
export function writeCounters(pipeline: ChainableCommander, namespace: string, sku: SkuCounters): void {
  const { counters } = inventoryKeys(namespace);
  if (sku.productType === 'REALTIME') {
    pipeline.hset(counters, counterField.type(sku.skuId), 'T', counterField.available(sku.skuId), sku.stock - sku.committed);
    return;
  }
  const fields: (string | number)[] = [counterField.type(sku.skuId), 'R', counterField.capacity(sku.skuId), sku.stock];
  for (const [slot, used] of sku.slots ?? []) fields.push(counterField.slotUsed(sku.skuId, slot), used);
  pipeline.hset(counters, ...fields);
}

export async function createCounters(redis: RedisClient, namespace: string, skus: SkuCounters[]): Promise<void> {
  const pipeline = redis.pipeline();
  for (const sku of skus) writeCounters(pipeline, namespace, sku);
  await pipeline.exec();
}

/** A seller changed a SKU's stock: move Redis by the same amount (holds in flight stay counted). */
export async function adjustStock(redis: RedisClient, namespace: string, skuId: number, productType: ProductType, oldStock: number, newStock: number): Promise<void> {
  const { counters } = inventoryKeys(namespace);
  if (productType === 'REALTIME') await redis.hincrby(counters, counterField.available(skuId), newStock - oldStock);
  else await redis.hset(counters, counterField.capacity(skuId), newStock);
}

export async function removeCounters(redis: RedisClient, namespace: string, skuIds: number[]): Promise<void> {
  if (skuIds.length === 0) return;
  // slot fields of a deleted SKU are left to expire with nothing reading them; type/available/capacity go now
  await redis.hdel(inventoryKeys(namespace).counters, ...skuIds.flatMap((id) => [counterField.type(id), counterField.available(id), counterField.capacity(id)]));
}

/** The catalog's port onto these counters (catalog-types.ts InventoryCounters). */
export function inventoryCounters(redis: RedisClient, namespace: string): InventoryCounters {
  return {
    create: (skus) => createCounters(redis, namespace, skus.map((s) => ({ ...s, committed: 0 }))),
    adjust: (skuId, productType, oldStock, newStock) => adjustStock(redis, namespace, skuId, productType, oldStock, newStock),
    remove: (skuIds) => removeCounters(redis, namespace, skuIds),
  };
}
