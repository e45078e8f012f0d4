// The buyer takes a return or exchange back while the item is still with them (REQUESTED or APPROVED);
// once the courier picked it up the request runs to its end. Withdrawn, the item may be asked for again.
import type pg from 'pg';
import type { Principal } from '../auth/principal.js';
import { inTransaction } from '../platform/db/transaction.js';
import { EngineError } from '../platform/errors.js';
import { isWithdrawable } from './after-sale-rules.js';
import { afterSaleView, lockRequest, updateRequestStatus } from './after-sale-rows.js';
import type { AfterSaleKind, AfterSaleView } from './after-sale-types.js';

/** Someone else's request is not found; a repeated withdrawal answers the withdrawn request again. */
export async function withdrawAfterSale(db: pg.Pool, principal: Principal, kind: AfterSaleKind, id: number): Promise<AfterSaleView> {
  return inTransaction(db, async (client) => {
    const row = await lockRequest(client, kind, id);
    const noun = kind.toLowerCase();
    if (!row || Number(row.user_id) !== principal.userId) throw new EngineError('NOT_FOUND', `${noun} ${id} not found`);
    if (row.status === 'WITHDRAWN') return afterSaleView(row);
    if (!isWithdrawable(row.status)) {
      throw new EngineError('NOT_WITHDRAWABLE', `${noun} ${id} is ${row.status}; only a REQUESTED or APPROVED one (not yet picked up) can be withdrawn`);
    }
    return afterSaleView(await updateRequestStatus(client, row, { to: 'WITHDRAWN' }));
  });
}
