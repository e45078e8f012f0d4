// Parked orders: a compensation (the payment cancel or the stock release) failed
// ORDER_COMPENSATION_MAX_ATTEMPTS times and the saga stopped (order-saga.ts). An admin lists them and
// releases each, once: `retry` puts the order back where it parked with a fresh attempt budget;
// `cancel` is for a payment settled by hand at the gateway: the payment is recorded cancelled and only
// the stock release runs. Either way the saga (the orchestrator, nudged by the caller after the commit)
// does the rest, each step keyed by the order, so its effect happens once.
import type pg from 'pg';
import { EngineError } from '../platform/errors.js';
import { decodeCursor, idPage, type Page } from '../platform/db/keyset-page.js';
import { cancelPaidPayment } from '../payment/payment-rows.js';
import { changeOrder } from './order-events.js';
import { summary, type OrderRow, type OrderSummary } from './order-queries.js';
import type { OrderStatus, SagaStep } from './order-types.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type ReleaseAction = 'retry' | 'cancel';

export interface ParkedOrder extends OrderSummary {
  userId: number;
  parkedAt: string;
  /** the compensation that kept failing; where a retry resumes */
  parkedStep: SagaStep;
  /** what the order becomes once compensated */
  compensateTo: OrderStatus | null;
  /** the last failure */
  error?: string;
}

interface ParkedRow extends OrderRow {
  updated_at: Date;
  compensate_to: OrderStatus | null;
  parked_from: OrderStatus | null;
  parked_step: SagaStep | null;
  parked_error: string | null;
}

/** Orders parked before the step was recorded resume at the payment cancel, which is safe to repeat. */
const DEFAULT_PARKED_STEP: SagaStep = 'CANCEL_PAYMENT';

const PARKING = `LEFT JOIN LATERAL (
    SELECT from_status AS parked_from, detail->>'parkedStep' AS parked_step, detail->>'error' AS parked_error FROM order_events
    WHERE order_id = o.id AND to_status = 'PARKED' AND from_status IS DISTINCT FROM 'PARKED' ORDER BY created_at DESC, id DESC LIMIT 1
  ) e ON true`;

function orderIdParam(raw: string): string {
  if (!uuid.test(raw)) throw new EngineError('NOT_FOUND', 'order not found');
  return raw;
}

/** The order id a cursor of this list names (keyset-page.ts cursors: opaque, INVALID_CURSOR otherwise). */
function afterOrderId(cursor: string): string {
  const [id] = decodeCursor(cursor, 1);
  if (!uuid.test(id)) throw new EngineError('INVALID_CURSOR', 'cursor must be the next of a previous page');
  return id;
}

/** Parked orders in id order (UUIDv7: the order they were placed); `next` is the cursor of the following page. */
export async function listParkedOrders(db: pg.Pool, options: { cursor?: string; limit: number }): Promise<Page<ParkedOrder>> {
  const after = options.cursor === undefined ? null : afterOrderId(options.cursor);
  const { rows } = await db.query<ParkedRow>(
    `SELECT o.id, o.user_id, o.status, o.total_amount, o.created_at, o.pay_by, o.failure_code, o.updated_at, o.compensate_to, e.*
     FROM shop_orders o ${PARKING}
     WHERE o.status = 'PARKED' AND ($1::uuid IS NULL OR o.id > $1) ORDER BY o.id LIMIT $2`,
    [after, options.limit + 1],
  );
  return idPage(rows, options.limit, (r) => ({
    ...summary(r), userId: Number(r.user_id), parkedAt: r.updated_at.toISOString(), parkedStep: r.parked_step ?? DEFAULT_PARKED_STEP,
    compensateTo: r.compensate_to, ...(r.parked_error ? { error: r.parked_error } : {}),
  }));
}

export interface ReleasedOrder {
  orderId: string;
  userId: number;
  action: ReleaseAction;
  /** the status the order is back in while its compensation runs */
  status: OrderStatus;
  /** the saga step it resumes at */
  step: SagaStep;
}

/**
 * Takes the order out of PARKED in the caller's transaction. The row lock makes concurrent releases
 * queue: the first moves it, the others find it no longer PARKED (ORDER_NOT_PARKED).
 */
export async function releaseParkedOrder(client: pg.PoolClient, rawOrderId: string, action: ReleaseAction): Promise<ReleasedOrder> {
  const orderId = orderIdParam(rawOrderId);
  const { rows } = await client.query<{ id: string; user_id: string; status: OrderStatus; saga_step: SagaStep; version: number; pay_by: Date | null; compensate_to: OrderStatus | null } & Pick<ParkedRow, 'parked_from' | 'parked_step'>>(
    `SELECT o.id, o.user_id, o.status, o.saga_step, o.version, o.pay_by, o.compensate_to, e.parked_from, e.parked_step
     FROM shop_orders o ${PARKING} WHERE o.id = $1 FOR UPDATE OF o`,
    [orderId],
  );
  const order = rows[0];
  if (!order) throw new EngineError('NOT_FOUND', 'order not found');
  if (order.status !== 'PARKED') throw new EngineError('ORDER_NOT_PARKED', `order ${orderId} is ${order.status}, not PARKED`);
  const status = order.parked_from ?? 'ORDERED';
  const step: SagaStep = action === 'retry' ? (order.parked_step ?? DEFAULT_PARKED_STEP) : 'RELEASE_STOCK';
  if (action === 'cancel') await cancelPaidPayment(client, orderId);
  // a payable order (flash-sale ticket, hold checkout) keeps its way out: back to its buyer, whose unpaid
  // order the expiry returns at payBy; any other order ends CANCELLED
  const compensateTo = action === 'cancel' && !order.pay_by ? 'CANCELLED' : order.compensate_to;
  await changeOrder(client, order, { status, saga_step: step, saga_attempts: 0, next_attempt_at: new Date(), compensate_to: compensateTo }, { release: action });
  return { orderId, userId: Number(order.user_id), action, status, step };
}
