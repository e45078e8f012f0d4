// One step of an order actor in ONE transaction: the new orders of the batch (order, items, event, and
// the stock hold's reservation row) and the payment outcomes that came back since the previous step
// (PAID: hold confirmed, held -> sold; declined: hold cancelled; given up: handed to the compensations).
// Every statement covers the whole batch (unnest / ANY), every transition is version-checked in its
// WHERE, and the SKU books change by the batch's summed deltas: one version-checked UPDATE per SKU.
import type pg from 'pg';
import { inTransaction } from '../platform/db/transaction.js';
import type { PaymentResult } from '../payment/payment-gateway.js';
import { cancelPaidPayments, recordFailedPayments, recordPaidPayments } from '../payment/payment-rows.js';
import { finishHeldHolds, insertHolds, insertReservationItems } from '../reservation/reservation-rows.js';
import { addDelta, applySkuDeltasRetrying, type CounterDelta } from '../reservation/sku-counters.js';
import { ticketTimeMs } from '../sale/ticket-id.js';
import { orderHoldKey, type OrderCommand } from './order-command.js';
import type { OrderStatus } from './order-types.js';

export type PaymentOutcome =
  | { kind: 'PAID'; order: OrderCommand; payment: PaymentResult }
  | { kind: 'DECLINED'; order: OrderCommand; reason: string }
  /** a retryable failure: recorded, and the actor tries again after a backoff */
  | { kind: 'RETRY'; order: OrderCommand; reason: string }
  /** retryable failures exhausted: the payment may exist, so the compensation cancels it */
  | { kind: 'GAVE_UP'; order: OrderCommand; reason: string }
  /** a compensation's cancel at the gateway went through (or found nothing to cancel): release the stock */
  | { kind: 'REFUNDED'; order: OrderCommand; version: number };

/** An order moved into its compensation (CANCEL_PAYMENT) at `version`. */
export interface Compensation {
  order: OrderCommand;
  version: number;
}

export interface StepResult {
  /** HELD orders this step created: their payments start now */
  created: OrderCommand[];
  /** orders whose status changed, for pushes */
  changed: { order: OrderCommand; status: OrderStatus }[];
  /** holds to finish in Redis: consumed (sold) or returned */
  consumed: string[];
  returned: string[];
  /** orders moved into their compensation: the actor cancels their payments next */
  compensate: Compensation[];
}

interface EventRow {
  id: string;
  type: string;
  from: OrderStatus | null;
  to: OrderStatus;
  detail: Record<string, unknown>;
}

const ids = (orders: OrderCommand[]) => orders.map((o) => o.id);

export class OrderBatchWriter {
  constructor(private readonly db: pg.Pool) {}

  step(commands: OrderCommand[], outcomes: PaymentOutcome[]): Promise<StepResult> {
    // each order once: a redelivered message and a replay's republish can share a batch
    const unique = [...new Map(commands.map((c) => [c.id, c])).values()];
    return inTransaction(this.db, async (client) => {
      const result: StepResult = { created: [], changed: [], consumed: [], returned: [], compensate: [] };
      const events: EventRow[] = [];
      const deltas = new Map<number, CounterDelta>();
      await this.insertOrders(client, unique, result, events, deltas);
      await this.settlePayments(client, outcomes, result, events, deltas);
      await insertEvents(client, events);
      // last, so the hot SKU rows stay locked for the shortest time
      await applySkuDeltasRetrying(client, deltas);
      return result;
    });
  }

  private async insertOrders(client: pg.PoolClient, orders: OrderCommand[], result: StepResult, events: EventRow[], deltas: Map<number, CounterDelta>): Promise<void> {
    if (orders.length === 0) return;
    const held = (o: OrderCommand) => o.outcome === 'HELD';
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO shop_orders (id, user_id, source, idempotency_key, status, saga_step, total_amount, receiver_name,
         receiver_phone, receiver_address, delivery_note, card_token, failure_code, reservation_id, created_at)
       SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[],
         $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::uuid[], $15::timestamptz[])
       ON CONFLICT DO NOTHING RETURNING id`,
      [ids(orders), orders.map((o) => o.userId), orders.map((o) => o.source), orders.map((o) => o.idempotencyKey),
        orders.map((o) => (held(o) ? 'ORDERED' : 'CANCELLED')), orders.map((o) => (held(o) ? 'AUTHORIZE' : 'COMPENSATED')),
        orders.map((o) => o.total), orders.map((o) => o.receiver.name), orders.map((o) => o.receiver.phone),
        orders.map((o) => o.receiver.address), orders.map((o) => o.deliveryNote), orders.map((o) => (held(o) ? o.cardToken : null)),
        orders.map((o) => o.failureCode ?? null), orders.map((o) => (held(o) ? o.id : null)),
        orders.map((o) => new Date(ticketTimeMs(o.id)).toISOString())],
    );
    const inserted = new Set(rows.map((r) => r.id));
    const fresh = orders.filter((o) => inserted.has(o.id));
    if (fresh.length === 0) return;
    const lines = fresh.flatMap((o) => o.lines.map((l) => [o.id, ...l] as const));
    await client.query(
      `INSERT INTO shop_order_items (order_id, sku_id, item_id, seller_id, quantity, unit_price)
       SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::bigint[], $4::bigint[], $5::int[], $6::bigint[])`,
      [lines.map((l) => l[0]), lines.map((l) => l[1]), lines.map((l) => l[2]), lines.map((l) => l[3]), lines.map((l) => l[4]), lines.map((l) => l[5])],
    );
    for (const o of fresh) {
      const to = held(o) ? 'ORDERED' : 'CANCELLED';
      events.push({ id: o.id, type: 'CREATED', from: null, to, detail: { source: o.source, total: o.total, ...(o.failureCode ? { failure: o.failureCode } : {}) } });
      if (!held(o)) result.changed.push({ order: o, status: 'CANCELLED' });
    }
    const holds = fresh.filter(held);
    result.created = holds;
    if (holds.length === 0) return;
    // the hold's row: a reservation worker may have persisted it already (its outbox sweep), then it counts once
    const newHolds = await insertHolds(client, holds.map((o) => ({ id: o.id, userId: o.userId, expiresAtMs: o.holdExpiresAtMs, print: o.print, idempotencyKey: orderHoldKey(o) })));
    const holdLines = lines.filter((l) => newHolds.has(l[0]));
    await insertReservationItems(client, holdLines.map((l) => [l[0], l[1], l[4], ''] as const));
    for (const l of holdLines) addDelta(deltas, l[1], l[4], 0);
  }

  private async settlePayments(client: pg.PoolClient, outcomes: PaymentOutcome[], result: StepResult, events: EventRow[], deltas: Map<number, CounterDelta>): Promise<void> {
    const paid = outcomes.filter((o): o is Extract<PaymentOutcome, { kind: 'PAID' }> => o.kind === 'PAID');
    const declined = outcomes.filter((o) => o.kind === 'DECLINED');
    const gaveUp = outcomes.filter((o) => o.kind === 'GAVE_UP');
    for (const r of outcomes) {
      if (r.kind === 'RETRY') events.push({ id: r.order.id, type: 'UPDATE', from: 'ORDERED', to: 'ORDERED', detail: { step: 'AUTHORIZE', retry: r.reason } });
    }
    if (paid.length > 0) {
      const moved = await moveOrders(client, paid.map((p) => p.order.id), `status = 'PAID', saga_step = 'DONE', card_token = NULL`);
      const confirmed = await finishHeldHolds(client, [...moved], 'CONFIRMED');
      const payments = paid.filter((p) => moved.has(p.order.id));
      await recordPaidPayments(client, payments.map((p) => ({ orderId: p.order.id, payment: p.payment })));
      // paid, but the hold expired meanwhile: the unit may be sold to someone else, so refund
      const expired = payments.filter((p) => !confirmed.has(p.order.id));
      if (expired.length > 0) {
        await moveOrders(client, ids(expired.map((p) => p.order)), `status = 'ORDERED', saga_step = 'CANCEL_PAYMENT', compensate_to = 'CANCELLED', failure_code = 'HOLD_EXPIRED'`, 'DONE', 1);
        result.compensate.push(...expired.map((p) => ({ order: p.order, version: 2 })));
      }
      for (const p of payments) {
        if (!confirmed.has(p.order.id)) continue;
        for (const l of p.order.lines) addDelta(deltas, l[0], -l[3], l[3]);
        events.push({ id: p.order.id, type: 'STATUS', from: 'ORDERED', to: 'PAID', detail: { step: 'DONE' } });
        result.changed.push({ order: p.order, status: 'PAID' });
        result.consumed.push(p.order.id);
      }
    }
    if (declined.length > 0) {
      const moved = await moveOrders(client, ids(declined.map((d) => d.order)),
        `status = 'CANCELLED', saga_step = 'COMPENSATED', compensate_to = 'CANCELLED', failure_code = 'PAYMENT_DECLINED', card_token = NULL`);
      const released = await finishHeldHolds(client, [...moved], 'CANCELLED');
      const gone = declined.filter((d) => moved.has(d.order.id));
      await recordFailedPayments(client, gone.map((d) => ({ orderId: d.order.id, amount: d.order.total })));
      for (const d of gone) {
        if (released.has(d.order.id)) for (const l of d.order.lines) addDelta(deltas, l[0], -l[3], 0);
        events.push({ id: d.order.id, type: 'STATUS', from: 'ORDERED', to: 'CANCELLED', detail: { step: 'COMPENSATED', reason: d.reason } });
        result.changed.push({ order: d.order, status: 'CANCELLED' });
        result.returned.push(d.order.id);
      }
    }
    if (gaveUp.length > 0) {
      const moved = await moveOrders(client, ids(gaveUp.map((g) => g.order)),
        `saga_step = 'CANCEL_PAYMENT', compensate_to = 'CANCELLED', failure_code = 'PAYMENT_UNAVAILABLE', saga_attempts = 0, next_attempt_at = now()`);
      for (const g of gaveUp) {
        if (!moved.has(g.order.id)) continue;
        events.push({ id: g.order.id, type: 'STEP_CANCEL_PAYMENT', from: 'ORDERED', to: 'ORDERED', detail: { step: 'CANCEL_PAYMENT', reason: g.reason } });
        result.compensate.push({ order: g.order, version: 1 });
      }
    }
    await this.finishRefunds(client, outcomes.filter((o): o is Extract<PaymentOutcome, { kind: 'REFUNDED' }> => o.kind === 'REFUNDED'), result, events, deltas);
  }

  /** Compensated orders: payment row cancelled, hold cancelled (its units back), order CANCELLED. */
  private async finishRefunds(client: pg.PoolClient, refunded: Extract<PaymentOutcome, { kind: 'REFUNDED' }>[], result: StepResult, events: EventRow[], deltas: Map<number, CounterDelta>): Promise<void> {
    const moved = new Set<string>();
    for (const version of new Set(refunded.map((r) => r.version))) {
      const batch = refunded.filter((r) => r.version === version).map((r) => r.order.id);
      for (const id of await moveOrders(client, batch, `status = 'CANCELLED', saga_step = 'COMPENSATED', card_token = NULL`, 'CANCEL_PAYMENT', version)) moved.add(id);
    }
    if (moved.size === 0) return;
    await cancelPaidPayments(client, [...moved]);
    const released = await finishHeldHolds(client, [...moved], 'CANCELLED');
    for (const r of refunded) {
      if (!moved.has(r.order.id)) continue;
      if (released.has(r.order.id)) for (const l of r.order.lines) addDelta(deltas, l[0], -l[3], 0);
      events.push({ id: r.order.id, type: 'STATUS', from: 'ORDERED', to: 'CANCELLED', detail: { step: 'COMPENSATED' } });
      result.changed.push({ order: r.order, status: 'CANCELLED' });
      result.returned.push(r.order.id);
    }
  }
}

/**
 * Moves orders still where the actor left them (`step`, `version`): an order a buyer cancelled or the
 * orchestrator took over meanwhile has moved on, and is left to them.
 */
async function moveOrders(client: pg.PoolClient, orderIds: string[], set: string, step = 'AUTHORIZE', version = 0): Promise<Set<string>> {
  if (orderIds.length === 0) return new Set();
  const { rows } = await client.query<{ id: string }>(
    `UPDATE shop_orders SET ${set}, version = version + 1, updated_at = now()
     WHERE id = ANY($1::uuid[]) AND saga_step = $2 AND version = $3 RETURNING id`,
    [orderIds, step, version],
  );
  return new Set(rows.map((r) => r.id));
}

async function insertEvents(client: pg.PoolClient, events: EventRow[]): Promise<void> {
  if (events.length === 0) return;
  await client.query(
    `INSERT INTO order_events (order_id, type, from_status, to_status, detail)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[])`,
    [events.map((e) => e.id), events.map((e) => e.type), events.map((e) => e.from), events.map((e) => e.to), events.map((e) => JSON.stringify(e.detail))],
  );
}
