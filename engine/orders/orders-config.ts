// Configuration of the orders domain, from environment variables (composed into EngineConfig as `config.orders`).
//   ORDER_MAX_QUANTITY_PER_SKU       20      units of one SKU in one order (and one cart line)
//   ORDER_MAX_LINES                  50      lines in one order
//   ORDER_INTAKE_BATCH_MAX           500     orders in one internal intake batch (500 orders are ~90 KB of JSON:
//                                            over REST_MAX_BODY_BYTES' default 64 KB, which caps every REST body)
//   ORDER_HOLD_TTL_MS                900000  how long an order's stock hold lasts before the expiry job returns it
//   ORDER_PAYMENT_MAX_ATTEMPTS       5       retryable payment failures before the order is compensated
//   ORDER_COMPENSATION_MAX_ATTEMPTS  6       failures of one compensation step before the order is PARKED
//   ORDER_COMPENSATION_RETRY_DELAY_S 1       pg-boss retryDelay (whole seconds, >= 1) of a failed compensation:
//                                            the k-th retry waits 2^(k-1)..2^k times it (pg-boss backoff, jittered)
//   ORDER_RETRY_BASE_MS              200     first payment retry delay; doubles per attempt, with jitter
//   ORDER_RETRY_MAX_MS               10000   cap of one payment retry delay
//   ORDER_SAGA_CONCURRENCY           200     per-order sagas (compensations, resumed orders) one orchestrator runs at once
//   ORDER_PAYMENT_CONCURRENCY        128     payment calls one order actor (one partition) has in flight
//   ORDER_ACTOR_GRACE_MS             120000  an order an actor is paying is left to it this long before the sweep
//                                            resumes it through the per-order saga (the actor's process died)
//   ORDER_PRICE_CACHE_MS             1000    how long the intake trusts a SKU's cached price and lifecycle
//   ORDER_SWEEP_INTERVAL_MS          2000    how often the orchestrator looks for due, non-final sagas
//   ORDER_SWEEP_MIN_IDLE_MS          3000    a saga untouched this long is picked up by the sweep
//   ORDER_RECONCILE_GRACE_MS         30000   a payment given up after timeouts may still land: for this long its
//                                            compensation asks the gateway again before taking "no payment" as final
//   SALE_PAYMENT_WINDOW_SEC          900     an admitted flash-sale buyer pays within this long of the admission
//   ORDER_EXPIRY_INTERVAL_MS         1000    how often the orchestrator expires orders unpaid at their payBy
//   ORDER_EXPIRY_BATCH               1000    orders one expiry pass takes at most
//   ORDER_AUTO_CONFIRM_DAYS          7       a delivered item its buyer has not confirmed is confirmed this many
//                                            days after the delivery (then it is settled)
//   ORDER_AUTO_CONFIRM_INTERVAL_MS   600000  how often the scheduler looks for such items (0: never)
import { int } from '../platform/config.js';

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

export function loadOrdersConfig(env: NodeJS.ProcessEnv): OrdersConfig {
  return {
    maxQuantityPerSku: int(env, 'ORDER_MAX_QUANTITY_PER_SKU', 20),
    maxLines: int(env, 'ORDER_MAX_LINES', 50),
    intakeBatchMax: int(env, 'ORDER_INTAKE_BATCH_MAX', 500),
    holdTtlMs: int(env, 'ORDER_HOLD_TTL_MS', 900_000),
    paymentMaxAttempts: int(env, 'ORDER_PAYMENT_MAX_ATTEMPTS', 5),
    compensationMaxAttempts: int(env, 'ORDER_COMPENSATION_MAX_ATTEMPTS', 6),
    compensationRetryDelaySeconds: Math.max(1, int(env, 'ORDER_COMPENSATION_RETRY_DELAY_S', 1)),
    retryBaseMs: int(env, 'ORDER_RETRY_BASE_MS', 200),
    retryMaxMs: int(env, 'ORDER_RETRY_MAX_MS', 10_000),
    sagaConcurrency: int(env, 'ORDER_SAGA_CONCURRENCY', 200),
    paymentConcurrency: Math.max(1, int(env, 'ORDER_PAYMENT_CONCURRENCY', 128)),
    priceCacheMs: int(env, 'ORDER_PRICE_CACHE_MS', 1_000),
    actorGraceMs: int(env, 'ORDER_ACTOR_GRACE_MS', 120_000),
    sweepIntervalMs: int(env, 'ORDER_SWEEP_INTERVAL_MS', 2_000),
    sweepMinIdleMs: int(env, 'ORDER_SWEEP_MIN_IDLE_MS', 3_000),
    reconcileGraceMs: int(env, 'ORDER_RECONCILE_GRACE_MS', 30_000),
    salePaymentWindowSec: int(env, 'SALE_PAYMENT_WINDOW_SEC', 900),
    expiryIntervalMs: Math.max(50, int(env, 'ORDER_EXPIRY_INTERVAL_MS', 1_000)),
    expiryBatch: Math.max(1, int(env, 'ORDER_EXPIRY_BATCH', 1_000)),
    autoConfirmDays: Math.max(0, int(env, 'ORDER_AUTO_CONFIRM_DAYS', 7)),
    autoConfirmIntervalMs: Math.max(0, int(env, 'ORDER_AUTO_CONFIRM_INTERVAL_MS', 600_000)),
  };
}
