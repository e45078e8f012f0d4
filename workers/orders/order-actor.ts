// The order actor of one partition (see workers/partitions/partition-actor.ts). A step takes whatever
// arrived since the previous one — new order commands from JetStream and payment answers — and writes
// it in one transaction (engine/orders/order-batch-writer.ts). After the commit it finishes holds in
// Redis, pushes statuses (and tells sellers of their new paid orders), hands give-ups to the per-order
// compensations and starts the payments of the new orders, many at once (bounded per partition); their
// answers enter a later step.
// Once an order's first step committed, its row is the outbox: if this process dies while paying, the
// orchestrator's sweep resumes the order through the per-order saga.
import type { Consumer } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { RedisClient } from '../../engine/platform/redis/redis-client.js';
import type pg from 'pg';
import type { OrderMessage } from '../../engine/orders/order-command.js';
import { orderQueue } from '../../engine/orders/order-queue.js';
import { OrderBatchWriter, type ChargeAt, type PaymentOutcome, type StepResult } from '../../engine/orders/order-batch-writer.js';
import { pushOrderStatus } from '../../engine/orders/order-events.js';
import { noticeSellersOfPaidOrders } from '../../engine/orders/seller-order-notice.js';
import { sagaTransitions } from '../../engine/orders/order-metrics.js';
import { cancelOutcome, paymentOutcome, retryDelayMs } from '../../engine/orders/payment-attempt.js';
import type { OrdersConfig } from '../../engine/orders/orders-config.js';
import type { PaymentGateway } from '../../engine/payment/payment-gateway.js';
import { log } from '../../engine/platform/log.js';
import { inventoryKeys } from '../../engine/reservation/reservation-keys.js';
import { releaseInRedis } from '../../engine/reservation/reservation-release.js';
import { PartitionActor } from '../partitions/partition-actor.js';

export interface OrderActorDeps {
  consumer: Consumer;
  partition: number;
  db: pg.Pool;
  redis: RedisClient;
  nc: NatsConnection;
  gateway: PaymentGateway;
  namespace: string;
  orders: OrdersConfig;
  batchMaxMessages: number;
  /** runs the per-order saga of an order: a given-up payment's reconciliation, a compensation whose cancel failed (retries, parking) */
  compensate(orderId: string): void;
}

/** How long a step that failed (Postgres down) waits before it runs again with the same answers. */
const STEP_RETRY_MS = 1_000;

export class OrderActor extends PartitionActor<OrderMessage, StepResult> {
  private readonly writer: OrderBatchWriter;
  private outcomes: PaymentOutcome[] = [];
  private readonly queued: ChargeAt[] = [];
  private paying = 0;

  constructor(private readonly deps: OrderActorDeps) {
    super(deps.consumer, deps.partition, deps.batchMaxMessages);
    this.writer = new OrderBatchWriter(deps.db, deps.orders);
  }

  /** Payments started or waiting for a slot. */
  get inFlight(): number {
    return this.paying + this.queued.length;
  }

  protected decode(data: Uint8Array): OrderMessage[] {
    return orderQueue.decode(data);
  }

  protected override hasPendingWork(): boolean {
    return this.outcomes.length > 0;
  }

  protected async apply(commands: OrderMessage[]): Promise<StepResult> {
    const outcomes = this.outcomes;
    this.outcomes = [];
    try {
      return await this.writer.step(commands, outcomes);
    } catch (err) {
      // the answers stay for the next step; the commands come back by redelivery
      this.outcomes = outcomes.concat(this.outcomes);
      await new Promise((r) => setTimeout(r, STEP_RETRY_MS));
      throw err;
    }
  }

  protected async afterCommit(_commands: OrderMessage[], step: StepResult): Promise<void> {
    const { redis, nc, namespace, db } = this.deps;
    for (const charge of step.charges) this.startPayment(charge);
    if (step.written.length > 0) await redis.zrem(inventoryKeys(namespace).pending, ...step.written);
    for (const { order, status } of step.changed) pushOrderStatus(nc, namespace, order.userId, order.id, status);
    // off the step's transaction and alongside the Redis release: one query for the step's paid orders
    const notices = noticeSellersOfPaidOrders(db, nc, namespace, step.changed.filter((c) => c.status === 'PAID').map((c) => c.order.id));
    for (const compensation of step.compensate) void this.refund(compensation);
    for (const orderId of step.reconcile) this.deps.compensate(orderId);
    countTransitions(step);
    await releaseInRedis(db, redis, namespace, [
      ...step.consumed.map((id) => ({ id, state: 'CONFIRMED' as const })),
      ...step.returned.map((id) => ({ id, state: 'CANCELLED' as const })),
    ]);
    await notices;
  }

  /** Cancels a compensated order's payment (nothing to cancel counts as done); a failing cancel goes to the saga. */
  private async refund({ charge, version }: ChargeAt): Promise<void> {
    if (await cancelOutcome(this.deps.gateway, charge.id)) {
      this.outcomes.push({ kind: 'REFUNDED', charge, version });
      this.wake();
    } else this.deps.compensate(charge.id);
  }

  private startPayment(job: ChargeAt): void {
    if (this.paying >= this.deps.orders.paymentConcurrency) {
      this.queued.push(job);
      return;
    }
    this.paying++;
    void this.pay(job, 0).finally(() => {
      this.paying--;
      const next = this.queued.shift();
      if (next) this.startPayment(next);
    });
  }

  private async pay(job: ChargeAt, attempt: number): Promise<void> {
    const { charge } = job;
    const outcome = await paymentOutcome(this.deps.gateway, charge.id, charge.total, charge.cardToken, charge.userId);
    if (outcome.kind === 'RETRY') {
      if (attempt + 1 < this.deps.orders.paymentMaxAttempts) {
        this.outcomes.push({ ...job, kind: 'RETRY', reason: outcome.reason });
        this.wake();
        await new Promise((r) => setTimeout(r, retryDelayMs(this.deps.orders, attempt)));
        return this.pay(job, attempt + 1);
      }
      log('warn', 'payment attempts exhausted; compensating', { orderId: charge.id, reason: outcome.reason });
      this.outcomes.push({ ...job, kind: 'GAVE_UP', reason: outcome.reason });
    } else if (outcome.kind === 'PAID') this.outcomes.push({ ...job, kind: 'PAID', payment: outcome.payment });
    else this.outcomes.push({ ...job, kind: 'DECLINED', reason: outcome.reason });
    this.wake();
  }
}

function countTransitions(step: StepResult): void {
  for (const { status } of step.changed) {
    if (status !== 'AWAITING_PAYMENT') sagaTransitions.labels(status === 'PAID' ? 'DONE' : 'COMPENSATED').inc();
  }
  if (step.charges.length > 0) sagaTransitions.labels('AUTHORIZE').inc(step.charges.length);
  const compensations = step.compensate.length + step.reconcile.length;
  if (compensations > 0) sagaTransitions.labels('CANCEL_PAYMENT').inc(compensations);
}
