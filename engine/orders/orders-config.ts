// Configuration of the orders domain (`config.orders`), from the validated variables of
// engine/platform/config-schema.ts (types, ranges, defaults and meanings there and in docs/configuration.md).
import type { ConfigValues } from '../platform/config.js';

export interface OrdersConfig {
  maxQuantityPerSku: number;
  maxLines: number;
  intakeBatchMax: number;
  holdTtlMs: number;
  paymentMaxAttempts: number;
  compensationMaxAttempts: number;
  compensationRetryDelaySeconds: number;
  retryBaseMs: number;
  retryMaxMs: number;
  sagaConcurrency: number;
  paymentConcurrency: number;
  priceCacheMs: number;
  actorGraceMs: number;
  sweepIntervalMs: number;
  sweepMinIdleMs: number;
  reconcileGraceMs: number;
  salePaymentWindowSec: number;
  expiryIntervalMs: number;
  expiryBatch: number;
  autoConfirmDays: number;
  autoConfirmIntervalMs: number;
}

export function loadOrdersConfig(v: ConfigValues): OrdersConfig {
  return {
    maxQuantityPerSku: v.ORDER_MAX_QUANTITY_PER_SKU,
    maxLines: v.ORDER_MAX_LINES,
    intakeBatchMax: v.ORDER_INTAKE_BATCH_MAX,
    holdTtlMs: v.ORDER_HOLD_TTL_MS,
    paymentMaxAttempts: v.ORDER_PAYMENT_MAX_ATTEMPTS,
    compensationMaxAttempts: v.ORDER_COMPENSATION_MAX_ATTEMPTS,
    compensationRetryDelaySeconds: v.ORDER_COMPENSATION_RETRY_DELAY_S,
    retryBaseMs: v.ORDER_RETRY_BASE_MS,
    retryMaxMs: v.ORDER_RETRY_MAX_MS,
    sagaConcurrency: v.ORDER_SAGA_CONCURRENCY,
    paymentConcurrency: v.ORDER_PAYMENT_CONCURRENCY,
    priceCacheMs: v.ORDER_PRICE_CACHE_MS,
    actorGraceMs: v.ORDER_ACTOR_GRACE_MS,
    sweepIntervalMs: v.ORDER_SWEEP_INTERVAL_MS,
    sweepMinIdleMs: v.ORDER_SWEEP_MIN_IDLE_MS,
    reconcileGraceMs: v.ORDER_RECONCILE_GRACE_MS,
    salePaymentWindowSec: v.SALE_PAYMENT_WINDOW_SEC,
    expiryIntervalMs: v.ORDER_EXPIRY_INTERVAL_MS,
    expiryBatch: v.ORDER_EXPIRY_BATCH,
    autoConfirmDays: v.ORDER_AUTO_CONFIRM_DAYS,
    autoConfirmIntervalMs: v.ORDER_AUTO_CONFIRM_INTERVAL_MS,
  };
}
