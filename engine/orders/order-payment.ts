// A buyer pays an order that awaits payment (a flash-sale ticket's order, a hold's checkout): checked
// against the order (owner, status, window), remembered under its Idempotency-Key, and handed to the
// order's actor as a PayCommand; the actor charges it like any order and pushes the result.
// Exactly one charge per attempt: the command names the order's payment_attempts when the request came,
// and the actor starts it only while the order still awaits that attempt. A replayed key republishes the
// same attempt (healing a publish that failed) and so never starts a second one.
import type { RedisClient } from '../platform/redis/redis-client.js';
import type pg from 'pg';
import { EngineError } from '../platform/errors.js';
import { fingerprint } from '../reservation/reservation-admission.js';
import type { PayCommand } from './order-command.js';
import type { OrderPublisher } from './order-publisher.js';
import { catalogLinesOf, payableOrderRow, type PayableOrderRow } from './order-rows.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface PayRequest {
  orderId: string;
  userId: number;
  idempotencyKey: string;
  cardToken: string;
  receiver: { name: string; phone: string; address: string };
}

export interface PaymentDeps {
  db: pg.Pool;
  redis: RedisClient;
  publisher: OrderPublisher;
  namespace: string;
  idempotencyTtlSec: number;
}

/** Why an order cannot start a payment now, or undefined when it can. */
function refusal(order: PayableOrderRow, nowMs: number): EngineError | undefined {
  if (order.status === 'EXPIRED' || (order.status === 'AWAITING_PAYMENT' && order.pay_by && order.pay_by.getTime() <= nowMs)) {
    return new EngineError('PAYMENT_WINDOW_CLOSED', 'the payment window of this order has closed');
  }
  if (order.status !== 'AWAITING_PAYMENT') return new EngineError('ORDER_NOT_PAYABLE', `the order is ${order.status}, not awaiting payment`);
  if (order.saga_step !== 'AWAIT_PAYMENT') return new EngineError('PAYMENT_IN_PROGRESS', 'a payment of this order is in progress');
  return undefined;
}

export class OrderPayments {
  constructor(private readonly deps: PaymentDeps) {}

  async pay(request: PayRequest): Promise<void> {
    const { db, redis, namespace, idempotencyTtlSec } = this.deps;
    const order = uuid.test(request.orderId) ? await payableOrderRow(db, request.orderId) : undefined;
    if (!order || Number(order.user_id) !== request.userId) throw new EngineError('NOT_FOUND', 'order not found');
    const key = `${namespace}:{order:${request.orderId}}:pay:${request.idempotencyKey}`;
    const print = fingerprint([request.cardToken, request.receiver]);
    let stored = await redis.get(key);
    if (stored === null) {
      const refused = refusal(order, Date.now());
      if (refused) throw refused;
      const set = await redis.set(key, `${print}|${order.payment_attempts}`, 'EX', idempotencyTtlSec, 'NX');
      // the same key raced in from another request: both hand over the attempt stored first
      stored = set === 'OK' ? `${print}|${order.payment_attempts}` : await redis.get(key);
      if (stored === null) throw new EngineError('UNAVAILABLE', 'the payment could not be recorded; retry with the same Idempotency-Key');
    }
    const [storedPrint, attempt] = stored.split('|');
    if (storedPrint !== print) throw new EngineError('IDEMPOTENCY_MISMATCH', 'this Idempotency-Key was used with another body');
    await this.handOver({
      kind: 'PAY',
      id: request.orderId,
      userId: request.userId,
      attempt: Number(attempt),
      cardToken: request.cardToken,
      receiver: request.receiver,
      total: Number(order.total_amount),
      holdId: order.reservation_id,
      lines: order.reservation_id ? await catalogLinesOf(db, request.orderId) : [],
    });
  }

  private async handOver(command: PayCommand): Promise<void> {
    try {
      await this.deps.publisher.publish(command);
    } catch (err) {
      throw new EngineError('UNAVAILABLE', 'the order queue is unavailable; retry with the same Idempotency-Key', { cause: err });
    }
  }
}
