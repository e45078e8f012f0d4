// The per-order saga, one step at a time: AUTHORIZE -> CONFIRM -> DONE, and on failure the
// compensations in reverse: CANCEL_PAYMENT -> RELEASE_STOCK -> COMPENSATED (or PARKED after N failures).
// Each step reads the order, acts idempotently (the stock hold is keyed by the order, the payment by
// merchant_uid = order id) and moves the order with a version-checked update, so a step run twice —
// after a crash or by two orchestrators — has its effect once.
import type { NatsConnection } from '@nats-io/transport-node';
import type { RedisClient } from '../platform/redis/redis-client.js';
import type pg from 'pg';
import { inTransaction } from '../platform/db/transaction.js';
import type { EngineConfig } from '../platform/config.js';
import { EngineError, isVersionConflict } from '../platform/errors.js';
import type { PaymentGateway } from '../payment/payment-gateway.js';
import { cancelPaidPayment, recordFailedPayment, recordPaidPayment } from '../payment/payment-rows.js';
import { nothingToCancel, paymentOutcome, retryDelayMs } from './payment-attempt.js';
import { changeOrder, pushOrderStatus, type OrderChange } from './order-events.js';
import { sagaParked, sagaTransitions } from './order-metrics.js';
import { notSagaDue, type OrderStatus, type SagaStep } from './order-types.js';
import { sagaOrderRow } from './order-rows.js';
import { noticeSellersOfPaidOrders } from './seller-order-notice.js';
import { confirmStock, releaseStock } from './order-stock.js';

export interface SagaOrder {
  id: string;
  user_id: string;
  status: OrderStatus;
  saga_step: SagaStep;
  saga_attempts: number;
  reservation_id: string | null;
  total_amount: string;
  card_token: string | null;
  compensate_to: OrderStatus | null;
  /** set on payable orders (flash-sale, hold checkout): a failed payment leaves them to their buyer */
  pay_by: Date | null;
  /** a given-up payment may still land until then: "no payment" is not final before it */
  reconcile_until: Date | null;
  version: number;
}

export interface SagaDeps {
  db: pg.Pool;
  redis: RedisClient;
  nc: NatsConnection;
  gateway: PaymentGateway;
  config: EngineConfig;
}

/** What a run of the saga ended with: final, due again after `retryInMs`, or a failed compensation
 * whose retry belongs to the compensation queue (compensation-queue.ts). */
export type SagaOutcome = { final: true } | { final: false; retryInMs: number } | { final: false; compensationFailed: true };

/** How often an ambiguous payment is looked up again while it may still land. */
const RECONCILE_RETRY_MS = 500;

/** A step's answer: undefined when it moved the order, else when to try again. */
type StepRetry = number | 'compensation' | undefined;


function errorCode(err: unknown): string | undefined {
  return err instanceof EngineError ? err.code : undefined;
}

export class OrderSaga {
  constructor(private readonly deps: SagaDeps) {}

  async load(orderId: string): Promise<SagaOrder | undefined> {
    return sagaOrderRow(this.deps.db, orderId);
  }

  /** Advances the order as far as it goes now. */
  async run(orderId: string): Promise<SagaOutcome> {
    for (;;) {
      const order = await this.load(orderId);
      if (!order || notSagaDue.includes(order.saga_step)) return { final: true };
      try {
        const retry = await this.step(order);
        if (retry === 'compensation') return { final: false, compensationFailed: true };
        if (retry !== undefined) return { final: false, retryInMs: retry };
      } catch (err) {
        // someone else moved the order (a cancel, another orchestrator): read it again
        if (!isVersionConflict(err)) throw err;
      }
    }
  }

  /** Runs the order's current step; answers a delay when the step must be tried again later. */
  private async step(order: SagaOrder): Promise<StepRetry> {
    switch (order.saga_step) {
      case 'AUTHORIZE':
        return this.authorize(order);
      case 'CONFIRM':
        return this.confirm(order);
      case 'CANCEL_PAYMENT':
        return this.cancelPayment(order);
      case 'RELEASE_STOCK':
        return this.releaseStock(order);
      default:
        return undefined;
    }
  }

  private async authorize(order: SagaOrder): Promise<number | undefined> {
    const attempt = await paymentOutcome(this.deps.gateway, order.id, Number(order.total_amount), order.card_token ?? '', Number(order.user_id));
    if (attempt.kind === 'DECLINED') return this.declined(order, attempt.reason);
    if (attempt.kind === 'RETRY') {
      // again later, and after N attempts give up and compensate; the payment may have been taken by a
      // call whose answer was lost, so the cancel runs too
      if (order.saga_attempts + 1 >= this.deps.config.orders.paymentMaxAttempts) {
        const to = order.pay_by ? 'AWAITING_PAYMENT' : 'CANCELLED';
        const reconcileUntil = new Date(Date.now() + this.deps.config.orders.reconcileGraceMs);
        await this.move(order, { saga_step: 'CANCEL_PAYMENT', compensate_to: to, failure_code: 'PAYMENT_UNAVAILABLE', saga_attempts: 0, reconcile_until: reconcileUntil });
        return undefined;
      }
      return this.retryLater(order, attempt.reason);
    }
    const paid = attempt.payment;
    await inTransaction(this.deps.db, async (client) => {
      await recordPaidPayment(client, order.id, paid);
      await changeOrder(client, order, { saga_step: 'CONFIRM', saga_attempts: 0, card_token: null });
    });
    sagaTransitions.labels('CONFIRM').inc();
    return undefined;
  }

  /** A decline cancels the order, or leaves a payable one to its buyer again (its hold kept). */
  private async declined(order: SagaOrder, reason: string): Promise<undefined> {
    const change: OrderChange = order.pay_by
      ? { saga_step: 'AWAIT_PAYMENT', failure_code: 'PAYMENT_DECLINED', saga_attempts: 0, card_token: null }
      : { saga_step: 'RELEASE_STOCK', compensate_to: 'CANCELLED', failure_code: 'PAYMENT_DECLINED', saga_attempts: 0, card_token: null };
    await inTransaction(this.deps.db, async (client) => {
      await recordFailedPayment(client, order.id, Number(order.total_amount));
      await changeOrder(client, order, change, { reason });
    });
    sagaTransitions.labels(change.saga_step!).inc();
    if (order.pay_by) pushOrderStatus(this.deps.nc, this.deps.config.namespace, Number(order.user_id), order.id, 'AWAITING_PAYMENT');
    return undefined;
  }

  private async confirm(order: SagaOrder): Promise<undefined> {
    if (!order.reservation_id) {
      // a flash-sale order holds nothing (its unit was sold at admission) and has no seller to tell
      await this.move(order, { status: 'PAID', saga_step: 'DONE' });
      return undefined;
    }
    const confirmed = await confirmStock(this.deps, order, (client) => changeOrder(client, order, { status: 'PAID', saga_step: 'DONE' }));
    if (confirmed) {
      sagaTransitions.labels('DONE').inc();
      pushOrderStatus(this.deps.nc, this.deps.config.namespace, Number(order.user_id), order.id, 'PAID');
      await noticeSellersOfPaidOrders(this.deps.db, this.deps.nc, this.deps.config.namespace, [order.id]);
    } else {
      // the hold expired before the payment landed: refund it
      await this.move(order, { saga_step: 'CANCEL_PAYMENT', compensate_to: 'CANCELLED', failure_code: 'HOLD_EXPIRED', saga_attempts: 0 });
    }
    return undefined;
  }

  private async cancelPayment(order: SagaOrder): Promise<StepRetry> {
    try {
      await this.deps.gateway.cancel({ merchantUid: order.id, reason: `order ${order.compensate_to ?? 'CANCELLED'}` });
    } catch (err) {
      if (!nothingToCancel.has(errorCode(err) ?? '')) return this.compensationFailed(order, err);
      if (errorCode(err) === 'PAYMENT_NOT_FOUND' && (await this.mayStillLand(order))) return RECONCILE_RETRY_MS;
    }
    await inTransaction(this.deps.db, async (client) => {
      await cancelPaidPayment(client, order.id);
      await changeOrder(client, order, { saga_step: 'RELEASE_STOCK', saga_attempts: 0 });
    });
    sagaTransitions.labels('RELEASE_STOCK').inc();
    return undefined;
  }

  private async releaseStock(order: SagaOrder): Promise<StepRetry> {
    const to = order.compensate_to ?? 'CANCELLED';
    if (to === 'AWAITING_PAYMENT') {
      // an uncertain payment of a payable order was cancelled: the order (and its hold) wait for the buyer again
      await this.move(order, { saga_step: 'AWAIT_PAYMENT', card_token: null });
      pushOrderStatus(this.deps.nc, this.deps.config.namespace, Number(order.user_id), order.id, to);
      return undefined;
    }
    try {
      await releaseStock(this.deps, order, (client) => changeOrder(client, order, { status: to, saga_step: 'COMPENSATED', card_token: null }));
    } catch (err) {
      if (isVersionConflict(err)) throw err;
      return this.compensationFailed(order, err);
    }
    sagaTransitions.labels('COMPENSATED').inc();
    pushOrderStatus(this.deps.nc, this.deps.config.namespace, Number(order.user_id), order.id, to);
    return undefined;
  }

  /**
   * A given-up payment the gateway does not know yet may still land (its request timed out, not failed):
   * until reconcile_until the gateway is asked again (find by merchant_uid) rather than "nothing to cancel"
   * being taken as final. A payment found paid is cancelled by the next run of this step.
   */
  private async mayStillLand(order: SagaOrder): Promise<boolean> {
    if (!order.reconcile_until || order.reconcile_until.getTime() <= Date.now()) return false;
    const found = await this.deps.gateway.find(order.id).catch(() => undefined);
    return found?.status !== 'failed';
  }

  /** A compensation failed: counted on the order, PARKED after N failures, else retried by the
   * compensation queue (pg-boss backoff), not by a timer. */
  private async compensationFailed(order: SagaOrder, err: unknown): Promise<StepRetry> {
    if (isVersionConflict(err)) throw err;
    if (order.saga_attempts + 1 >= this.deps.config.orders.compensationMaxAttempts) {
      // the step it parked at is where an admin's release resumes it (engine/orders/parked-orders.ts)
      await this.move(order, { status: 'PARKED', saga_step: 'PARKED', saga_attempts: order.saga_attempts + 1 }, { error: String(err), parkedStep: order.saga_step });
      sagaParked.inc();
      return undefined;
    }
    await this.move(order, { saga_attempts: order.saga_attempts + 1 }, { retry: errorCode(err) ?? String(err) });
    return 'compensation';
  }

  /** Payment retries: exponential backoff with jitter; the due time is persisted so a restart honours it. */
  private async retryLater(order: SagaOrder, reason: string): Promise<number> {
    const delay = retryDelayMs(this.deps.config.orders, order.saga_attempts);
    await this.move(order, { saga_attempts: order.saga_attempts + 1, next_attempt_at: new Date(Date.now() + delay) }, { retry: reason });
    return delay;
  }

  private async move(order: SagaOrder, change: OrderChange, detail: Record<string, unknown> = {}): Promise<void> {
    await inTransaction(this.deps.db, (client) => changeOrder(client, order, change, detail));
    if (change.saga_step) sagaTransitions.labels(change.saga_step).inc();
    if (change.status && change.status !== order.status) {
      pushOrderStatus(this.deps.nc, this.deps.config.namespace, Number(order.user_id), order.id, change.status);
    }
  }
}
