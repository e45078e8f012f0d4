// Every change of an order: a version-checked UPDATE of shop_orders plus an order_events row in the
// caller's transaction; after the commit the new status is pushed on the order's and the buyer's topics.
import type { NatsConnection } from '@nats-io/transport-node';
import type pg from 'pg';
import { VersionConflictError } from '../platform/errors.js';
import { publishPushToAll } from '../push/push-publisher.js';
import { orderTopic, userTopic } from '../push/push-topics.js';
import type { OrderStatus, OrderStatusPush, SagaStep } from './order-types.js';

export interface OrderChange {
  status?: OrderStatus;
  saga_step?: SagaStep;
  saga_attempts?: number;
  reservation_id?: string;
  failure_code?: string | null;
  compensate_to?: OrderStatus | null;
  card_token?: null;
  next_attempt_at?: Date;
  reconcile_until?: Date;
}

/** One row of `order_events`, for the batch insert. */
export interface OrderEventRow {
  id: string;
  type: string;
  from: OrderStatus | null;
  to: OrderStatus;
  detail: Record<string, unknown>;
}

/** Many orders' events in one statement (the actors' and the expiry's batches). */
export async function insertOrderEvents(client: pg.PoolClient, events: OrderEventRow[]): Promise<void> {
  if (events.length === 0) return;
  await client.query(
    `INSERT INTO order_events (order_id, type, from_status, to_status, detail)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[])`,
    [events.map((e) => e.id), events.map((e) => e.type), events.map((e) => e.from), events.map((e) => e.to), events.map((e) => JSON.stringify(e.detail))],
  );
}

export async function insertOrderEvent(
  client: pg.PoolClient,
  orderId: string,
  type: string,
  from: OrderStatus | null,
  to: OrderStatus | null,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await client.query('INSERT INTO order_events (order_id, type, from_status, to_status, detail) VALUES ($1, $2, $3, $4, $5)', [
    orderId, type, from, to, JSON.stringify(detail),
  ]);
}

/** Applies `change` if the order is still at `version`; a miss is a VersionConflictError. */
export async function changeOrder(
  client: pg.PoolClient,
  order: { id: string; version: number; status: OrderStatus; saga_step: SagaStep },
  change: OrderChange,
  detail: Record<string, unknown> = {},
): Promise<void> {
  const entries = Object.entries(change);
  const sets = entries.map(([column], i) => `${column} = $${i + 3}`).join(', ');
  const updated = await client.query(
    `UPDATE shop_orders SET ${sets}, version = version + 1, updated_at = now() WHERE id = $1 AND version = $2`,
    [order.id, order.version, ...entries.map(([, value]) => value)],
  );
  if (updated.rowCount === 0) throw new VersionConflictError('order', order.id);
  const to = change.status ?? order.status;
  const type = change.saga_step && change.saga_step !== order.saga_step ? `STEP_${change.saga_step}` : 'UPDATE';
  await insertOrderEvent(client, order.id, change.status && change.status !== order.status ? 'STATUS' : type, order.status, to, {
    step: change.saga_step ?? order.saga_step,
    ...detail,
  });
}

/** Every status change of an order goes out through here, after its commit: on `order.<id>` and `user.<buyer>`. */
export function pushOrderStatus(nc: NatsConnection, namespace: string, userId: number, orderId: string, status: OrderStatus): void {
  const message: OrderStatusPush = { type: 'order', orderId, status };
  publishPushToAll(nc, namespace, [orderTopic(orderId), userTopic(userId)], message);
}
