// The flash-sale attempt use case: the sold-out memory answers what it can, lua/admit-n.lua decides
// the rest (in a batch with the sale's other attempts of the moment), a fresh admission is handed to the ticket queue without waiting, and missing counters
// are told apart from a sale that does not exist. Hot path: no allocation beyond the admission call.
import type { Span } from '@opentelemetry/api';
import type { RedisClient } from '../platform/redis/redis-client.js';
import type pg from 'pg';
import { EngineError } from '../platform/errors.js';
import { admissions, memoChildren, soldOutFastPath } from '../platform/metrics.js';
import { traceparentOf, withSpan } from '../platform/tracing.js';
import { replayResult, type AttemptResult } from './admission.js';
import type { AdmissionBatcher } from './admission-batcher.js';
import { admittedField, saleKeys } from './sale-keys.js';
import { saleEndsAt } from './sale-store.js';
import type { SaleStockPush } from './sale-stock-push.js';
import type { SoldOutRegistry } from './sold-out-registry.js';
import type { TicketPublisher } from './ticket-publisher.js';

export interface SaleAttemptDeps {
  redis: RedisClient;
  db: pg.Pool;
  namespace: string;
  admission: AdmissionBatcher;
  publisher: TicketPublisher;
  soldOut: SoldOutRegistry;
  stockPush: SaleStockPush;
}

const admissionsByOutcome = memoChildren((outcome: string) => admissions.labels(outcome));
const SOLD_OUT: AttemptResult = Object.freeze({ outcome: 'REFUSED', code: 'SOLD_OUT', remaining: 0 });
const ENDED: AttemptResult = Object.freeze({ outcome: 'REFUSED', code: 'ENDED', remaining: -1 });

function counted(result: AttemptResult): AttemptResult {
  admissionsByOutcome(result.outcome === 'ADMITTED' ? (result.fresh ? 'ADMITTED' : 'REPLAY') : result.code).inc();
  return result;
}

/** Admits or refuses one attempt; throws NOT_FOUND for a sale that does not exist. */
export async function attemptPurchase(
  deps: SaleAttemptDeps,
  saleId: number,
  userId: number,
  quantity: number,
  idempotencyKey: string,
  span?: Span,
): Promise<AttemptResult> {
  const admitted = deps.soldOut.admittedFilter(saleId);
  if (admitted) {
    soldOutFastPath.inc();
    const field = admittedField(userId, idempotencyKey);
    if (!admitted.mightContain(field)) return counted(SOLD_OUT);
    // a replay, or one of the filter's rare false positives: RedisClient has the answer
    const stored = await deps.redis.hget(saleKeys(deps.namespace, saleId).admitted, field);
    return counted(stored ? replayResult(stored, quantity, 0) : SOLD_OUT);
  }
  const request = { saleId, userId, quantity, idempotencyKey };
  const result = await withSpan('redis admit.lua', span, () => deps.admission.admit(request));
  if (result.outcome === 'ADMITTED' && result.fresh) {
    deps.publisher.enqueue([saleId, result.ticketId, userId, quantity, traceparentOf(span) ?? '', idempotencyKey]);
    deps.stockPush.admitted(saleId, result.remaining);
  }
  if (result.remaining === 0) deps.soldOut.announce(saleId);
  // no counters: the sale does not exist, ended long ago (its keys expired), or Redis lost them (admission waits for a rebuild)
  if (result.outcome === 'REFUSED' && result.code === 'SALE_UNAVAILABLE') {
    const endsAt = await saleEndsAt(deps.db, saleId);
    if (!endsAt) throw new EngineError('NOT_FOUND', 'sale not found');
    if (endsAt.getTime() <= Date.now()) return counted(ENDED);
  }
  return counted(result);
}
