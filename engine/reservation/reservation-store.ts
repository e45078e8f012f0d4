// Reading a reservation and its owner's cancel (HELD -> CANCELLED), version-checked, so a concurrent
// cancel, expiry or order checkout can never both win; the SKU counters move in the same transaction.
// A hold becomes sold (CONFIRMED) only through a paid order (engine/orders), never by its owner's word.
import type { NatsConnection } from '@nats-io/transport-node';
import type { RedisClient } from '../platform/redis/redis-client.js';
import type pg from 'pg';
import { EngineError } from '../platform/errors.js';
import { inventoryKeys } from './reservation-keys.js';
import { pushReservationStatus } from './reservation-push.js';
import { releaseInRedis } from './reservation-release.js';
import { decodeReservationRecord } from './reservation-record.js';
import type { ReservationState } from './reservation-types.js';
import { cancelReservationAt, reservationRow } from './reservation-rows.js';
import { applySkuDeltas, reservationDeltas, withConflictRetries } from './sku-counters.js';

export interface ReservationView {
  reservationId: string;
  status: ReservationState;
  expiresAt: string;
  items: { sku: number; quantity: number; slot?: string }[];
}

export interface ReservationDeps {
  db: pg.Pool;
  redis: RedisClient;
  nc: NatsConnection;
  namespace: string;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Found {
  userId: number;
  version: number;
  view: ReservationView;
}

async function find({ db, redis, namespace }: ReservationDeps, id: string): Promise<Found | undefined> {
  if (!uuid.test(id)) return undefined;
  const row = await reservationRow(db, id);
  const toItems = (lines: [number, number, string][]) =>
    lines.map(([sku, quantity, slot]) => ({ sku: Number(sku), quantity, ...(slot ? { slot } : {}) }));
  if (row) {
    return {
      userId: Number(row.user_id),
      version: row.version,
      view: { reservationId: id, status: row.state, expiresAt: row.expires_at.toISOString(), items: toItems(row.items ?? []) },
    };
  }
  // admitted but not yet persisted: it lives only in the Redis outbox
  const value = await redis.hget(inventoryKeys(namespace).records, id);
  const record = value ? decodeReservationRecord(id, value) : undefined;
  if (!record) return undefined;
  return { userId: record[1], version: -1, view: { reservationId: id, status: 'PENDING', expiresAt: new Date(record[2]).toISOString(), items: toItems(record[3]) } };
}

/** The reservation if `userId` owns it (or `asAdmin`); someone else's looks missing. */
export async function getReservation(deps: ReservationDeps, id: string, userId: number, asAdmin: boolean): Promise<ReservationView> {
  const found = await find(deps, id);
  if (!found || (found.userId !== userId && !asAdmin)) throw new EngineError('NOT_FOUND', 'reservation not found');
  return found.view;
}

function notHeld(status: ReservationState): EngineError {
  if (status === 'EXPIRED') return new EngineError('RESERVATION_EXPIRED', 'the hold has expired');
  return new EngineError('RESERVATION_NOT_HELD', `the reservation is ${status}, not HELD`);
}

/** The reservation if `userId` owns it; someone else's looks missing. */
async function findOwn(deps: ReservationDeps, id: string, userId: number): Promise<Found> {
  const found = await find(deps, id);
  if (!found || found.userId !== userId) throw new EngineError('NOT_FOUND', 'reservation not found');
  return found;
}

/** The bare confirm of old: a hold is checked out into an order and sold when that order is paid. */
export async function refuseUnpaidConfirm(deps: ReservationDeps, id: string, userId: number): Promise<never> {
  await findOwn(deps, id, userId);
  throw new EngineError('PAYMENT_REQUIRED', 'a hold becomes sold only through a paid order: check it out with POST /api/v1/orders {reservationId, ...} and pay that order');
}

export async function cancelReservation(deps: ReservationDeps, id: string, userId: number): Promise<ReservationView> {
  const found = await findOwn(deps, id, userId);
  if (found.view.status !== 'HELD') throw notHeld(found.view.status);
  const moved = await withConflictRetries(deps.db, 'sku', async (client) => {
    if (!(await cancelReservationAt(client, id, found.version, false))) return false;
    await applySkuDeltas(client, await reservationDeltas(client, [id], -1, 0));
    return true;
  });
  if (!moved) {
    // another transition won (expiry, a parallel cancel, an order's checkout): report the state it left
    const now = await find(deps, id);
    if (now && now.view.status === 'HELD') throw new EngineError('RESERVATION_EXPIRED', 'the hold has expired');
    throw notHeld(now?.view.status ?? 'EXPIRED');
  }
  await releaseInRedis(deps.db, deps.redis, deps.namespace, [{ id, state: 'CANCELLED' }]);
  pushReservationStatus(deps.nc, deps.namespace, userId, id, 'CANCELLED');
  return { ...found.view, status: 'CANCELLED' };
}
