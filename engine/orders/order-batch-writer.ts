// One step of an order actor in ONE transaction: the new orders of the batch (order, items, event, and
// the stock hold's reservation row), the buyers' payments of orders that await them (AWAIT_PAYMENT ->
// AUTHORIZE), and the payment outcomes that came back since the previous step (PAID: hold confirmed,
// held -> sold; declined: hold cancelled, or a payable order payable again; given up: handed to the
// compensations). Every statement covers the whole batch (unnest / ANY), every transition is checked
// against the version the actor last wrote, and the SKU books change by the batch's summed deltas: one
// version-checked UPDATE per SKU.
import type pg from 'pg';
import { inTransaction } from '../platform/db/transaction.js';
import type { PaymentResult } from '../payment/payment-gateway.js';
import { cancelPaidPayments, recordFailedPayments, recordPaidPayments } from '../payment/payment-rows.js';
import { finishHeldHolds, insertHolds, insertReservationItems } from '../reservation/reservation-rows.js';
import { addDelta, applySkuDeltasRetrying, type CounterDelta } from '../reservation/sku-counters.js';
import { ticketTimeMs } from '../sale/ticket-id.js';
import { orderHoldKey, type Charge, type OrderCommand, type OrderMessage, type PayCommand } from './order-command.js';
import { insertOrderEvents, type OrderEventRow } from './order-events.js';
import type { OrderStatus } from './order-types.js';

/** A charge and the order version the actor wrote when it started (or last moved) it. */
export interface ChargeAt {
  charge: Charge;
  version: number;
}

export type PaymentOutcome = ChargeAt &
  (
    | { kind: 'PAID'; payment: PaymentResult }
    | { kind: 'DECLINED'; reason: string }
    /** a retryable failure: recorded, and the actor tries again after a backoff */
    | { kind: 'RETRY'; reason: string }
    /** retryable failures exhausted: the payment may exist, so the compensation cancels it */
    | { kind: 'GAVE_UP'; reason: string }
    /** a compensation's cancel at the gateway went through (or found nothing to cancel): release the stock */
    | { kind: 'REFUNDED' }
  );

type Outcome<K extends PaymentOutcome['kind']> = Extract<PaymentOutcome, { kind: K }>;

export interface StepResult {
  /** charges this step started (new HELD orders, buyers' payments): the actor pays them now */
  charges: ChargeAt[];
  /** orders whose status changed, for pushes */
  changed: { order: { id: string; userId: number }; status: OrderStatus }[];
  /** NEW orders this step wrote (held or refused): their intake outbox entries can go */
  written: string[];
  /** holds to finish in Redis: consumed (sold) or returned */
  consumed: string[];
  returned: string[];
  /** charges moved into their compensation (CANCEL_PAYMENT): the actor cancels their payments next */
  compensate: ChargeAt[];
  /** orders whose payment was given up (it may still land): reconciled by the per-order saga */
  reconcile: string[];
}

/** The charge of a new order: its own hold (cancelled if the payment fails), or the checked-out reservation's (kept: payable again). */
export function chargeOfNewOrder(o: OrderCommand): Charge {
  return { id: o.id, userId: o.userId, total: o.total, cardToken: o.cardToken, lines: o.lines, holdId: o.holdId ?? o.id, payable: o.payByMs !== undefined };
}

function chargeOfPayment(p: PayCommand): Charge {
  return { id: p.id, userId: p.userId, total: p.total, cardToken: p.cardToken, lines: p.lines, holdId: p.holdId, payable: true };
}

const ids = (orders: { id: string }[]) => orders.map((o) => o.id);
const at = (charges: ChargeAt[]) => charges.map((c) => ({ id: c.charge.id, version: c.version }));
const isKind = <K extends PaymentOutcome['kind']>(kind: K) => (o: PaymentOutcome): o is Outcome<K> => o.kind === kind;
/** a failed payment of a payable order leaves it to its buyer; of any other order it cancels it */
const split = <T extends ChargeAt>(items: T[]) => [items.filter((i) => i.charge.payable), items.filter((i) => !i.charge.payable)] as const;

export class OrderBatchWriter {
  constructor(
    private readonly db: pg.Pool,
    private readonly timing: {
      /** how long a payment the actor started is left to it before the saga sweep may take it over */
      actorGraceMs: number;
      /** how long a given-up payment is reconciled with the gateway before "no payment" is final */
      reconcileGraceMs: number;
    },
  ) {}

  step(messages: OrderMessage[], outcomes: PaymentOutcome[]): Promise<StepResult> {
    // each order once: a redelivered message and a replay's republish can share a batch
    const unique = [...new Map(messages.map((m) => [m.id, m])).values()];
    return inTransaction(this.db, async (client) => {
      const result: StepResult = { charges: [], changed: [], written: [], consumed: [], returned: [], compensate: [], reconcile: [] };
      const events: OrderEventRow[] = [];
      const deltas = new Map<number, CounterDelta>();
      await this.insertOrders(client, unique.filter((m): m is OrderCommand => m.kind === 'NEW'), result, events, deltas);
      await this.startPayments(client, unique.filter((m): m is PayCommand => m.kind === 'PAY'), result, events);
      await this.settlePayments(client, outcomes, result, events, deltas);
      await insertOrderEvents(client, events);
      // last, so the hot SKU rows stay locked for the shortest time
      await applySkuDeltasRetrying(client, deltas);
      return result;
    });
  }

  private async insertOrders(client: pg.PoolClient, orders: OrderCommand[], result: StepResult, events: OrderEventRow[], deltas: Map<number, CounterDelta>): Promise<void> {
    if (orders.length === 0) return;
    const held = (o: OrderCommand) => o.outcome === 'HELD';
    const status = (o: OrderCommand): OrderStatus => (!held(o) ? 'CANCELLED' : o.payByMs === undefined ? 'ORDERED' : 'AWAITING_PAYMENT');
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO shop_orders (id, user_id, source, idempotency_key, status, saga_step, total_amount, receiver_name,
         receiver_phone, receiver_address, delivery_note, card_token, failure_code, reservation_id, created_at, pay_by, payment_attempts)
       SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[],
         $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::uuid[], $15::timestamptz[], $16::timestamptz[], $17::int[])
       ON CONFLICT DO NOTHING RETURNING id`,
      [ids(orders), orders.map((o) => o.userId), orders.map((o) => o.source), orders.map((o) => o.idempotencyKey),
        orders.map(status), orders.map((o) => (held(o) ? 'AUTHORIZE' : 'COMPENSATED')),
        orders.map((o) => o.total), orders.map((o) => o.receiver.name), orders.map((o) => o.receiver.phone),
        orders.map((o) => o.receiver.address), orders.map((o) => o.deliveryNote), orders.map((o) => (held(o) ? o.cardToken : null)),
        orders.map((o) => o.failureCode ?? null), orders.map((o) => (held(o) ? (o.holdId ?? o.id) : null)),
        orders.map((o) => new Date(ticketTimeMs(o.id)).toISOString()),
        orders.map((o) => (o.payByMs === undefined ? null : new Date(o.payByMs).toISOString())),
        orders.map((o) => (o.payByMs === undefined ? 0 : 1))],
    );
    result.written = ids(orders);
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
      const to = status(o);
      events.push({ id: o.id, type: 'CREATED', from: null, to, detail: { source: o.source, total: o.total, ...(o.failureCode ? { failure: o.failureCode } : {}) } });
      if (!held(o)) result.changed.push({ order: o, status: 'CANCELLED' });
    }
    result.charges.push(...fresh.filter(held).map((o) => ({ charge: chargeOfNewOrder(o), version: 0 })));
    // a checkout buys a reservation that has its rows already
    const holds = fresh.filter((o) => held(o) && o.holdId === undefined);
    if (holds.length === 0) return;
    // the hold's row: a reservation worker may have persisted it already (its outbox sweep), then it counts once
    const newHolds = await insertHolds(client, holds.map((o) => ({ id: o.id, userId: o.userId, expiresAtMs: o.holdExpiresAtMs, print: o.print, idempotencyKey: orderHoldKey(o) })));
    const holdLines = lines.filter((l) => newHolds.has(l[0]));
    await insertReservationItems(client, holdLines.map((l) => [l[0], l[1], l[4], ''] as const));
    for (const l of holdLines) addDelta(deltas, l[1], l[4], 0);
  }

  /**
   * Buyers' payments: an order still AWAIT_PAYMENT at the attempt its buyer asked for, inside its window,
   * moves to AUTHORIZE with the card and receiver; a replayed request (attempt used) or one past payBy
   * moves nothing. The sweep leaves the payment to this actor for `actorGraceMs`.
   */
  private async startPayments(client: pg.PoolClient, payments: PayCommand[], result: StepResult, events: OrderEventRow[]): Promise<void> {
    if (payments.length === 0) return;
    const { rows } = await client.query<{ id: string; version: number }>(
      `UPDATE shop_orders o SET saga_step = 'AUTHORIZE', card_token = t.token, receiver_name = t.name, receiver_phone = t.phone,
         receiver_address = t.address, payment_attempts = o.payment_attempts + 1, failure_code = NULL,
         next_attempt_at = now() + make_interval(secs => $7::float8 / 1000), version = o.version + 1, updated_at = now()
       FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t(id, attempt, token, name, phone, address)
       WHERE o.id = t.id AND o.status = 'AWAITING_PAYMENT' AND o.saga_step = 'AWAIT_PAYMENT' AND o.payment_attempts = t.attempt
         AND o.pay_by > now()
       RETURNING o.id, o.version`,
      [ids(payments), payments.map((p) => p.attempt), payments.map((p) => p.cardToken), payments.map((p) => p.receiver.name),
        payments.map((p) => p.receiver.phone), payments.map((p) => p.receiver.address), this.timing.actorGraceMs],
    );
    const versions = new Map(rows.map((r) => [r.id, r.version]));
    for (const p of payments) {
      const version = versions.get(p.id);
      if (version === undefined) continue;
      events.push({ id: p.id, type: 'STEP_AUTHORIZE', from: 'AWAITING_PAYMENT', to: 'AWAITING_PAYMENT', detail: { step: 'AUTHORIZE', attempt: p.attempt + 1 } });
      result.charges.push({ charge: chargeOfPayment(p), version });
    }
  }

  private async settlePayments(client: pg.PoolClient, outcomes: PaymentOutcome[], result: StepResult, events: OrderEventRow[], deltas: Map<number, CounterDelta>): Promise<void> {
    for (const r of outcomes.filter(isKind('RETRY'))) {
      const status = r.charge.payable ? 'AWAITING_PAYMENT' : 'ORDERED';
      events.push({ id: r.charge.id, type: 'UPDATE', from: status, to: status, detail: { step: 'AUTHORIZE', retry: r.reason } });
    }
    await this.paid(client, outcomes.filter(isKind('PAID')), result, events, deltas);
    const [payableAgain, cancelled] = split(outcomes.filter(isKind('DECLINED')));
    await this.declined(client, cancelled, result, events, deltas);
    await this.payableAgain(client, payableAgain, result, events);
    await this.gaveUp(client, outcomes.filter(isKind('GAVE_UP')), result, events);
    const [refundedPayable, refunded] = split(outcomes.filter(isKind('REFUNDED')));
    await this.refundedPayable(client, refundedPayable, result, events);
    await this.finishRefunds(client, refunded, result, events, deltas);
  }

  /** PAID: the hold (if any) is confirmed, held -> sold; a hold that expired meanwhile is refunded instead. */
  private async paid(client: pg.PoolClient, paid: Outcome<'PAID'>[], result: StepResult, events: OrderEventRow[], deltas: Map<number, CounterDelta>): Promise<void> {
    if (paid.length === 0) return;
    const moved = await moveOrders(client, at(paid), `status = 'PAID', saga_step = 'DONE', card_token = NULL`);
    const payments = paid.filter((p) => moved.has(p.charge.id));
    const holds = payments.flatMap((p) => (p.charge.holdId ? [p.charge.holdId] : []));
    const confirmed = await finishHeldHolds(client, holds, 'CONFIRMED');
    await recordPaidPayments(client, payments.map((p) => ({ orderId: p.charge.id, payment: p.payment })));
    // paid, but the hold expired meanwhile: the unit may be sold to someone else, so refund
    const expired = payments.filter((p) => p.charge.holdId && !confirmed.has(p.charge.holdId));
    if (expired.length > 0) {
      await moveOrders(client, expired.map((p) => ({ id: p.charge.id, version: p.version + 1 })),
        `status = CASE WHEN pay_by IS NULL THEN 'ORDERED' ELSE 'AWAITING_PAYMENT' END, saga_step = 'CANCEL_PAYMENT',
         compensate_to = 'CANCELLED', failure_code = 'HOLD_EXPIRED'`, 'DONE');
      result.compensate.push(...expired.map((p) => ({ charge: { ...p.charge, payable: false }, version: p.version + 2 })));
    }
    for (const p of payments) {
      const holdId = p.charge.holdId;
      if (holdId && !confirmed.has(holdId)) continue;
      for (const l of p.charge.lines) addDelta(deltas, l[0], -l[3], l[3]);
      const from = p.charge.payable ? 'AWAITING_PAYMENT' : 'ORDERED';
      events.push({ id: p.charge.id, type: 'STATUS', from, to: 'PAID', detail: { step: 'DONE' } });
      result.changed.push({ order: p.charge, status: 'PAID' });
      if (holdId) result.consumed.push(holdId);
    }
  }

  /** A declined order that is not payable: cancelled, its hold's units back. */
  private async declined(client: pg.PoolClient, declined: Outcome<'DECLINED'>[], result: StepResult, events: OrderEventRow[], deltas: Map<number, CounterDelta>): Promise<void> {
    if (declined.length === 0) return;
    const moved = await moveOrders(client, at(declined),
      `status = 'CANCELLED', saga_step = 'COMPENSATED', compensate_to = 'CANCELLED', failure_code = 'PAYMENT_DECLINED', card_token = NULL`);
    const gone = declined.filter((d) => moved.has(d.charge.id));
    const released = await finishHeldHolds(client, gone.flatMap((d) => (d.charge.holdId ? [d.charge.holdId] : [])), 'CANCELLED');
    await recordFailedPayments(client, gone.map((d) => ({ orderId: d.charge.id, amount: d.charge.total })));
    for (const d of gone) {
      const holdId = d.charge.holdId;
      if (holdId && released.has(holdId)) for (const l of d.charge.lines) addDelta(deltas, l[0], -l[3], 0);
      events.push({ id: d.charge.id, type: 'STATUS', from: 'ORDERED', to: 'CANCELLED', detail: { step: 'COMPENSATED', reason: d.reason } });
      result.changed.push({ order: d.charge, status: 'CANCELLED' });
      if (holdId) result.returned.push(holdId);
    }
  }

  /** A payable order's payment declined: it awaits payment again (until payBy); its hold stays. */
  private async payableAgain(client: pg.PoolClient, declined: Outcome<'DECLINED'>[], result: StepResult, events: OrderEventRow[]): Promise<void> {
    const moved = await moveOrders(client, at(declined), `saga_step = 'AWAIT_PAYMENT', failure_code = 'PAYMENT_DECLINED', card_token = NULL`);
    const again = declined.filter((d) => moved.has(d.charge.id));
    await recordFailedPayments(client, again.map((d) => ({ orderId: d.charge.id, amount: d.charge.total })));
    for (const d of again) {
      events.push({ id: d.charge.id, type: 'STEP_AWAIT_PAYMENT', from: 'AWAITING_PAYMENT', to: 'AWAITING_PAYMENT', detail: { step: 'AWAIT_PAYMENT', reason: d.reason } });
      result.changed.push({ order: d.charge, status: 'AWAITING_PAYMENT' });
    }
  }

  /**
   * Retryable failures exhausted: the payment may exist, or land later, so its cancel runs first, in the
   * per-order saga, which reconciles with the gateway until reconcile_until before taking "no payment" as final.
   */
  private async gaveUp(client: pg.PoolClient, gaveUp: Outcome<'GAVE_UP'>[], result: StepResult, events: OrderEventRow[]): Promise<void> {
    const moved = await moveOrders(client, at(gaveUp),
      `saga_step = 'CANCEL_PAYMENT', compensate_to = CASE WHEN pay_by IS NULL THEN 'CANCELLED' ELSE 'AWAITING_PAYMENT' END,
       failure_code = 'PAYMENT_UNAVAILABLE', saga_attempts = 0, next_attempt_at = now(),
       reconcile_until = now() + make_interval(secs => ${Number(this.timing.reconcileGraceMs) / 1000})`);
    for (const g of gaveUp) {
      if (!moved.has(g.charge.id)) continue;
      const status = g.charge.payable ? 'AWAITING_PAYMENT' : 'ORDERED';
      events.push({ id: g.charge.id, type: 'STEP_CANCEL_PAYMENT', from: status, to: status, detail: { step: 'CANCEL_PAYMENT', reason: g.reason } });
      result.reconcile.push(g.charge.id);
    }
  }

  /** A payable order whose uncertain payment was cancelled: payable again, its hold kept. */
  private async refundedPayable(client: pg.PoolClient, refunded: Outcome<'REFUNDED'>[], result: StepResult, events: OrderEventRow[]): Promise<void> {
    const moved = await moveOrders(client, at(refunded), `saga_step = 'AWAIT_PAYMENT', card_token = NULL`, 'CANCEL_PAYMENT');
    await cancelPaidPayments(client, [...moved]);
    for (const r of refunded) {
      if (!moved.has(r.charge.id)) continue;
      events.push({ id: r.charge.id, type: 'STEP_AWAIT_PAYMENT', from: 'AWAITING_PAYMENT', to: 'AWAITING_PAYMENT', detail: { step: 'AWAIT_PAYMENT' } });
      result.changed.push({ order: r.charge, status: 'AWAITING_PAYMENT' });
    }
  }

  /** Compensated orders: payment row cancelled, hold cancelled (its units back), order CANCELLED. */
  private async finishRefunds(client: pg.PoolClient, refunded: Outcome<'REFUNDED'>[], result: StepResult, events: OrderEventRow[], deltas: Map<number, CounterDelta>): Promise<void> {
    const moved = await moveOrders(client, at(refunded), `status = 'CANCELLED', saga_step = 'COMPENSATED', card_token = NULL`, 'CANCEL_PAYMENT');
    if (moved.size === 0) return;
    await cancelPaidPayments(client, [...moved]);
    const gone = refunded.filter((r) => moved.has(r.charge.id));
    const holds = gone.flatMap((r) => (r.charge.holdId ? [r.charge.holdId] : []));
    const released = await finishHeldHolds(client, holds, 'CANCELLED');
    for (const r of gone) {
      const holdId = r.charge.holdId;
      if (holdId && released.has(holdId)) for (const l of r.charge.lines) addDelta(deltas, l[0], -l[3], 0);
      events.push({ id: r.charge.id, type: 'STATUS', from: 'ORDERED', to: 'CANCELLED', detail: { step: 'COMPENSATED' } });
      result.changed.push({ order: r.charge, status: 'CANCELLED' });
      if (holdId) result.returned.push(holdId);
    }
  }
}

/**
 * Moves orders still where the actor left them (`step`, at the version it wrote): an order a buyer
 * cancelled or the orchestrator took over meanwhile has moved on, and is left to them.
 */
async function moveOrders(client: pg.PoolClient, orders: { id: string; version: number }[], set: string, step = 'AUTHORIZE'): Promise<Set<string>> {
  if (orders.length === 0) return new Set();
  const { rows } = await client.query<{ id: string }>(
    `UPDATE shop_orders o SET ${set}, version = o.version + 1, updated_at = now()
     FROM unnest($1::uuid[], $2::int[]) AS t(id, version)
     WHERE o.id = t.id AND o.version = t.version AND o.saga_step = $3 RETURNING o.id`,
    [ids(orders), orders.map((o) => o.version), step],
  );
  return new Set(rows.map((r) => r.id));
}
