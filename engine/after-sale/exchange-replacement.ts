// An exchange ends with a new shipment: once the exchanged item was picked up, its seller ships the
// replacement with a courier and tracking number, which the buyer reads on the exchange. Stock stays as
// it is: the unit picked up takes the place of the unit sent.
import type pg from 'pg';
import type { Principal } from '../auth/principal.js';
import { inTransaction } from '../platform/db/transaction.js';
import { EngineError, VersionConflictError } from '../platform/errors.js';
import { lockSellersRequest } from './after-sale-requests.js';
import { afterSaleView, insertReplacementShipment, updateRequestStatus } from './after-sale-rows.js';
import type { AfterSaleView, ReplacementShipment } from './after-sale-types.js';

/**
 * PICKED_UP -> COMPLETED with the replacement's shipment (version-checked). A retry of the call that
 * shipped it (the version it was made from) answers the completed exchange and ships nothing more.
 */
export async function shipReplacement(db: pg.Pool, principal: Principal, id: number, input: ReplacementShipment): Promise<AfterSaleView> {
  return inTransaction(db, async (client) => {
    const row = await lockSellersRequest(client, principal, 'EXCHANGE', id);
    if (row.status === 'COMPLETED' && row.version === input.version + 1) return afterSaleView(row);
    if (row.version !== input.version) throw new VersionConflictError('exchange', id);
    if (row.status !== 'PICKED_UP') throw new EngineError('ILLEGAL_TRANSITION', `exchange ${id} is ${row.status}; the replacement ships once the item is PICKED_UP`);
    await insertReplacementShipment(client, id, input.courier, input.trackingNumber);
    return afterSaleView(await updateRequestStatus(client, row, { to: 'COMPLETED' }));
  });
}
