// After a fault and its recovery: wait until the engine is quiet (outboxes empty, every reservation
// persisted, every saga final), then hold the books to exact numbers against the durable records and
// check that each client's last answer agrees with what its owner reads back.
import assert from 'node:assert/strict';
import { saleKeys } from '../../engine/sale/sale-keys.js';
import { inventoryKeys } from '../../engine/reservation/reservation-keys.js';
import { parsePublicTicket } from '../../engine/sale/ticket-id.js';
import type { ClientRecord, LoadKind, LoadTargets } from './fault-load.js';
import type { FaultRig, GatewayStats } from './fault-rig.js';
import { waitFor } from '../support/eventually.js';

export interface Stocks {
  sale: number;
  reservation: number;
  order: number;
}

/** Refusals that are a correct final answer for each kind (anything else fails the books). */
const finalRefusals: Record<LoadKind, string[]> = {
  sale: ['SOLD_OUT'],
  reservation: ['INSUFFICIENT_STOCK'],
  order: [],
};

/**
 * The one id (or refusal) each client ended with: a retry with the same key must have answered the
 * same thing, or the key was not idempotent.
 */
function outcomes(kind: LoadKind, records: ClientRecord[]): Map<string, ClientRecord> {
  const ids = new Map<string, ClientRecord>();
  for (const r of records) {
    assert.ok(r.answers.length > 0, `${kind} client ${r.key} never got a final answer: ${JSON.stringify([...r.transient])}`);
    const first = r.answers[0];
    for (const a of r.answers) assert.deepEqual(a, first, `${kind} client ${r.key}: same key, different answers ${JSON.stringify(r.answers)}`);
    if (first.id) {
      assert.ok(!ids.has(first.id), `${kind} ${first.id} answered to two keys`);
      ids.set(first.id, r);
    } else {
      assert.ok(finalRefusals[kind].includes(first.code ?? ''), `${kind} client ${r.key}: unexpected refusal ${first.status} ${first.code}`);
    }
  }
  return ids;
}

/** Polls until `probe` holds; on a timeout the error says where things stand (`describe`). */
function until(what: string, probe: () => Promise<boolean>, describe: () => Promise<unknown>): Promise<true> {
  return waitFor(probe, { timeoutMs: 90_000, intervalMs: 200, message: async () => `${what}: ${JSON.stringify(await describe())}` });
}

/** Waits for quiescence: sale and reservation outboxes empty, reservations persisted, sagas final. */
export async function waitForQuiet(rig: FaultRig, targets: LoadTargets, records: Record<LoadKind, ClientRecord[]>): Promise<void> {
  const ns = rig.config.namespace;
  const redis = rig.fx.rx.redis;
  const reservationIds = [...outcomes('reservation', records.reservation).keys()];
  const orderIds = [...outcomes('order', records.order).keys()];
  const tail = (role: string) => rig.sale.roles.get(role)?.output().split('\n').slice(-20);
  const salePending = () => redis.zcard(saleKeys(ns, targets.saleId).pending);
  await until('sale outbox empty', async () => (await salePending()) === 0, async () => ({ pending: await salePending(), scheduler: tail('scheduler') }));
  const reservationPending = () => redis.zcard(inventoryKeys(ns).pending);
  await until('reservation outbox empty', async () => (await reservationPending()) === 0, async () => ({ pending: await reservationPending(), scheduler: tail('scheduler') }));
  await until(
    'every reservation persisted',
    async () => {
      const { rows } = await rig.fx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM reservations WHERE id = ANY($1::uuid[])', [reservationIds]);
      return rows[0].n === reservationIds.length;
    },
    async () => ({ worker: tail('worker') }),
  );
  const openSagas = async () =>
    (
      await rig.fx.db.query<{ saga_step: string; saga_attempts: number; next_attempt_at: Date; updated_at: Date; n: number }>(
        `SELECT saga_step, saga_attempts, min(next_attempt_at) AS next_attempt_at, max(updated_at) AS updated_at, count(*)::int AS n
         FROM shop_orders WHERE id = ANY($1::uuid[]) AND saga_step NOT IN ('DONE', 'COMPENSATED', 'PARKED') GROUP BY 1, 2`,
        [orderIds],
      )
    ).rows;
  await until('every saga final', async () => (await openSagas()).length === 0, async () => ({ now: new Date(), open: await openSagas(), orchestrator: tail('orchestrator') }));
}

async function assertSaleBooks(rig: FaultRig, targets: LoadTargets, stock: number, records: ClientRecord[]): Promise<number> {
  const tickets = outcomes('sale', records);
  const { rows } = await rig.fx.db.query<{ id: string; user_id: string; quantity: number }>('SELECT id, user_id, quantity FROM orders WHERE sale_id = $1', [targets.saleId]);
  const durable = new Map(rows.map((r) => [r.id, Number(r.user_id)]));
  for (const [ticket, client] of tickets) {
    const parsed = parsePublicTicket(ticket)!;
    if (durable.get(parsed.ticketId) === client.userId) continue;
    const keys = saleKeys(rig.config.namespace, targets.saleId);
    const [record, pendingSince] = await Promise.all([rig.fx.rx.redis.hget(keys.tickets, parsed.ticketId), rig.fx.rx.redis.zscore(keys.pending, parsed.ticketId)]);
    const worker = rig.sale.roles.get('worker')?.output().split('\n').filter((l) => l.includes('"level":"error"')).slice(-5);
    assert.fail(`sale: admitted ticket ${ticket} of ${client.key} has no order row (Redis record ${record}, pending ${pendingSince}); worker: ${JSON.stringify(worker)}`);
  }
  assert.equal(rows.length, tickets.size, 'sale: order rows == tickets admitted (none lost, none extra)');
  assert.ok(rows.every((r) => r.quantity === 1));
  const sold = await rig.sale.soldInPostgres(targets.saleId);
  assert.equal(sold, rows.length, 'sale: sales.sold == order rows');
  assert.ok(sold <= stock, 'sale: never oversold');
  const remaining = Number(await rig.fx.rx.redis.hget(saleKeys(rig.config.namespace, targets.saleId).meta, 'remaining'));
  assert.equal(remaining + sold, stock, 'sale: Redis remaining + sold == stock');
  for (const [ticket, client] of tickets) {
    const answer = await rig.sale.http.send('GET', `/api/v1/tickets/${ticket}`, { headers: { authorization: `Bearer ${client.token}` } });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.json().status, 'CONFIRMED', `sale: ${client.key} reads its ticket back CONFIRMED`);
  }
  return sold;
}

async function assertReservationBooks(rig: FaultRig, targets: LoadTargets, stock: number, records: ClientRecord[]): Promise<number> {
  const ids = outcomes('reservation', records);
  const { rows } = await rig.fx.db.query<{ id: string; user_id: string; state: string }>(
    `SELECT r.id, r.user_id, r.state FROM reservations r JOIN reservation_items i ON i.reservation_id = r.id WHERE i.sku_id = $1`,
    [targets.reservationSku],
  );
  assert.equal(rows.length, ids.size, 'reservations: rows == reservations admitted (none lost, none doubled)');
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const [id, client] of ids) assert.equal(Number(byId.get(id)?.user_id), client.userId, `reservation ${id} of ${client.key} is durable`);
  const held = rows.filter((r) => r.state === 'HELD').length;
  const confirmed = rows.filter((r) => r.state === 'CONFIRMED').length;
  const sku = await rig.fx.rx.skuRow(targets.reservationSku);
  assert.deepEqual({ held: sku.held, sold: sku.sold }, { held, sold: confirmed }, 'reservations: SKU row == held/confirmed reservations');
  assert.equal(await rig.fx.rx.redisAvailable(targets.reservationSku), stock - held - confirmed, 'reservations: Redis available == stock - held - sold');
  for (const [id, client] of ids) {
    const answer = await rig.fx.cat.send('GET', `/api/v1/reservations/${id}`, client.token);
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.json().status, byId.get(id)!.state, `reservation ${id}: the owner reads the durable state`);
  }
  return held;
}

async function assertOrderBooks(rig: FaultRig, targets: LoadTargets, stock: number, records: ClientRecord[], gatewayBefore: GatewayStats): Promise<number> {
  const ids = outcomes('order', records);
  const { rows } = await rig.fx.db.query<{ id: string; user_id: string; status: string; saga_step: string; failure_code: string | null }>(
    `SELECT o.id, o.user_id, o.status, o.saga_step, o.failure_code FROM shop_orders o
     WHERE EXISTS (SELECT 1 FROM shop_order_items i WHERE i.order_id = o.id AND i.sku_id = $1)`,
    [targets.orderSku],
  );
  assert.equal(rows.length, ids.size, 'orders: rows == orders accepted (none lost, none doubled)');
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const [id, client] of ids) assert.equal(Number(byId.get(id)?.user_id), client.userId, `order ${id} of ${client.key} is durable`);
  const odd = rows.filter((r) => !['PAID', 'CANCELLED'].includes(r.status) || !['DONE', 'COMPENSATED'].includes(r.saga_step));
  assert.deepEqual(odd, [], 'orders: every saga ended PAID or CANCELLED');
  // a fault delays an order, it is no reason to cancel one: only running out of stock is
  const cancelledFor = new Set(rows.filter((r) => r.status === 'CANCELLED').map((r) => r.failure_code));
  assert.deepEqual([...cancelledFor].filter((code) => code !== 'INSUFFICIENT_STOCK'), [], 'orders: cancelled only for lack of stock');
  const paid = rows.filter((r) => r.status === 'PAID').length;
  const sku = await rig.fx.rx.skuRow(targets.orderSku);
  assert.deepEqual({ sold: sku.sold, held: sku.held }, { sold: paid, held: 0 }, 'orders: stock moved once per paid order, nothing left held');
  assert.equal(await rig.fx.rx.redisAvailable(targets.orderSku), stock - paid, 'orders: Redis available == stock - paid');
  const payments = await rig.fx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM payments WHERE status = 'PAID' AND order_id = ANY($1::uuid[])`, [[...ids.keys()]]);
  assert.equal(payments.rows[0].n, paid, 'orders: PAID payments == paid orders');
  const now = await rig.gatewayStats();
  assert.equal(now.charges - gatewayBefore.charges - (now.cancels - gatewayBefore.cancels), paid, 'gateway: money kept for paid orders only');
  for (const [id, client] of ids) {
    const answer = await rig.fx.cat.send('GET', `/api/v1/orders/${id}`, client.token);
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.json().status, byId.get(id)!.status, `order ${id}: the owner reads the durable status`);
  }
  return paid;
}

/** Exact books of the three loads; answers the units sold, held and paid. */
export async function assertBooks(
  rig: FaultRig,
  targets: LoadTargets,
  stocks: Stocks,
  records: Record<LoadKind, ClientRecord[]>,
  gatewayBefore: GatewayStats,
): Promise<{ sold: number; held: number; paid: number }> {
  return {
    sold: await assertSaleBooks(rig, targets, stocks.sale, records.sale),
    held: await assertReservationBooks(rig, targets, stocks.reservation, records.reservation),
    paid: await assertOrderBooks(rig, targets, stocks.order, records.order, gatewayBefore),
  };
}
