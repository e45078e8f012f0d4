// An admin releases a parked order (engine/orders/parked-orders.ts): the release and its audit entry
// commit together, then the orchestrator is nudged to run the order's saga now (its sweep would later).
import type { NatsConnection } from '@nats-io/transport-node';
import type pg from 'pg';
import type { Principal } from '../auth/principal.js';
import { orderAdvanceSubject } from '../orders/order-queue.js';
import { releaseParkedOrder, type ReleaseAction, type ReleasedOrder } from '../orders/parked-orders.js';
import { inTransaction } from '../platform/db/transaction.js';
import { recordAudit } from './admin-audit.js';

export interface ReleaseDeps {
  db: pg.Pool;
  nc: NatsConnection;
  namespace: string;
}

export async function releaseOrder(deps: ReleaseDeps, admin: Principal, orderId: string, request: { action: ReleaseAction; reason: string }): Promise<ReleasedOrder> {
  const released = await inTransaction(deps.db, async (client) => {
    const done = await releaseParkedOrder(client, orderId, request.action);
    await recordAudit(client, {
      actorId: admin.userId, action: `order.release.${request.action}`, target: `order:${done.orderId}`, reason: request.reason,
      detail: { status: done.status, step: done.step },
    });
    return done;
  });
  deps.nc.publish(orderAdvanceSubject(deps.namespace), released.orderId);
  return released;
}
