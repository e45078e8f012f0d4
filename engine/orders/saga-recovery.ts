// Finds orders whose saga is not final and due: at start (crash recovery, nothing is in flight then)
// and periodically after (an actor that died while paying, a lost nudge, a retry whose timer died). A
// compensation that already failed is retried by its pg-boss job (compensation-queue.ts), so only the
// start-up pass takes it too (its job may not have been sent before a crash; a second run is harmless).
// Also refreshes the saga gauge.
import type pg from 'pg';
import { sagaOrders } from './order-metrics.js';
import { notSagaDue } from './order-types.js';

const SWEEP_LIMIT = 5_000;

/** Ids of non-final orders that are due and were not touched for `minIdleMs`; failed compensations
 * only `withQueuedCompensations`; an order an actor is paying (AUTHORIZE, never moved since its insert)
 * only once `actorGraceMs` passed, since a burst's payments may queue behind each other for seconds. */
export async function dueOrders(db: pg.Pool, minIdleMs: number, actorGraceMs: number, withQueuedCompensations = false): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM shop_orders
     WHERE saga_step <> ALL($5::text[]) AND next_attempt_at <= now()
       AND updated_at <= now() - make_interval(secs => $1::float8 / 1000)
       AND ($3 OR saga_step NOT IN ('CANCEL_PAYMENT', 'RELEASE_STOCK') OR saga_attempts = 0)
       AND (saga_step <> 'AUTHORIZE' OR version > 0 OR updated_at <= now() - make_interval(secs => $4::float8 / 1000))
     ORDER BY next_attempt_at LIMIT $2`,
    [minIdleMs, SWEEP_LIMIT, withQueuedCompensations, actorGraceMs, notSagaDue],
  );
  return rows.map((r) => r.id);
}

export async function refreshSagaGauge(db: pg.Pool): Promise<void> {
  const { rows } = await db.query<{ state: string; n: number }>(
    `SELECT saga_step AS state, count(*)::int AS n FROM shop_orders
     WHERE saga_step NOT IN ('DONE', 'COMPENSATED', 'AWAIT_PAYMENT') GROUP BY saga_step`,
  );
  sagaOrders.reset();
  for (const row of rows) sagaOrders.labels(row.state).set(row.n);
}
