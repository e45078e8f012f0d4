// Configuration of the orders domain, from environment variables (composed into EngineConfig as `config.orders`).
//   ORDER_MAX_QUANTITY_PER_SKU       20      units of one SKU in one order (and one cart line)
//   ORDER_MAX_LINES                  50      lines in one order
//   ORDER_INTAKE_BATCH_MAX           500     orders in one internal intake batch (500 orders are ~90 KB of JSON:
//                                            over REST_MAX_BODY_BYTES' default 64 KB, which caps every REST body)
//   ORDER_HOLD_TTL_MS                900000  how long an order's stock hold lasts before the expiry job returns it
//   ORDER_PAYMENT_MAX_ATTEMPTS       5       retryable payment failures before the order is compensated
//   ORDER_RESERVE_MAX_ATTEMPTS       10      tries to hold stock while the inventory counters are missing (Redis
//                                            lost its data and waits for a rebuild) before the order is cancelled
//   ORDER_COMPENSATION_MAX_ATTEMPTS  6       failures of one compensation step before the order is PARKED
//   ORDER_COMPENSATION_RETRY_DELAY_S 1       pg-boss retryDelay (whole seconds, >= 1) of a failed compensation:
//                                            the k-th retry waits 2^(k-1)..2^k times it (pg-boss backoff, jittered)
//   ORDER_RETRY_BASE_MS              200     first payment retry delay; doubles per attempt, with jitter
//   ORDER_RETRY_MAX_MS               10000   cap of one payment retry delay
//   ORDER_SAGA_CONCURRENCY           200     sagas one orchestrator advances at the same time
//   ORDER_SWEEP_INTERVAL_MS          2000    how often the orchestrator looks for due, non-final sagas
//   ORDER_SWEEP_MIN_IDLE_MS          3000    a saga untouched this long is picked up by the sweep
import { int } from '../platform/config.js';

export interface OrdersConfig {
  maxQuantityPerSku: number;
  maxLines: number;
  intakeBatchMax: number;
  holdTtlMs: number;
  paymentMaxAttempts: number;
  reserveMaxAttempts: number;
  compensationMaxAttempts: number;
  compensationRetryDelaySeconds: number;
  retryBaseMs: number;
  retryMaxMs: number;
  sagaConcurrency: number;
  sweepIntervalMs: number;
  sweepMinIdleMs: number;
}

export function loadOrdersConfig(env: NodeJS.ProcessEnv): OrdersConfig {
  return {
    maxQuantityPerSku: int(env, 'ORDER_MAX_QUANTITY_PER_SKU', 20),
    maxLines: int(env, 'ORDER_MAX_LINES', 50),
    intakeBatchMax: int(env, 'ORDER_INTAKE_BATCH_MAX', 500),
    holdTtlMs: int(env, 'ORDER_HOLD_TTL_MS', 900_000),
    paymentMaxAttempts: int(env, 'ORDER_PAYMENT_MAX_ATTEMPTS', 5),
    reserveMaxAttempts: int(env, 'ORDER_RESERVE_MAX_ATTEMPTS', 10),
    compensationMaxAttempts: int(env, 'ORDER_COMPENSATION_MAX_ATTEMPTS', 6),
    compensationRetryDelaySeconds: Math.max(1, int(env, 'ORDER_COMPENSATION_RETRY_DELAY_S', 1)),
    retryBaseMs: int(env, 'ORDER_RETRY_BASE_MS', 200),
    retryMaxMs: int(env, 'ORDER_RETRY_MAX_MS', 10_000),
    sagaConcurrency: int(env, 'ORDER_SAGA_CONCURRENCY', 200),
    sweepIntervalMs: int(env, 'ORDER_SWEEP_INTERVAL_MS', 2_000),
    sweepMinIdleMs: int(env, 'ORDER_SWEEP_MIN_IDLE_MS', 3_000),
  };
}
