// A reservation's checkout: the buyer's HELD reservation becomes an order that pays for it (the only way a
// hold's units become sold). The order buys the hold itself — no second hold is taken — and is payable until
// the hold ends: a declined payment leaves it AWAITING_PAYMENT with the hold kept; paid, the actor confirms
// the hold (held -> sold) in the same step; unpaid when the hold expires, the order expires with it.
// One order per hold, whatever the key: the first checkout's order id is kept under the hold, and the
// Idempotency-Key keeps its own answer, so a retry (also after a crash between the two) gets the same order.
import type { RedisClient } from '../platform/redis/redis-client.js';
import type pg from 'pg';
import { EngineError } from '../platform/errors.js';
import { getReservation, type ReservationDeps, type ReservationView } from '../reservation/reservation-store.js';
import { newTicketId } from '../sale/ticket-id.js';
import type { OrderCommand, OrderCommandLine } from './order-command.js';
import type { OrderIntake } from './order-intake.js';
import type { OrderPublisher } from './order-publisher.js';

export interface CheckoutRequest {
  userId: number;
  reservationId: string;
  idempotencyKey: string;
  cardToken: string;
  receiver: { name: string; phone: string; address: string };
  deliveryNote: string;
}

export interface CheckoutDeps {
  db: pg.Pool;
  redis: RedisClient;
  intake: OrderIntake;
  publisher: OrderPublisher;
  reservations: ReservationDeps;
  namespace: string;
  idempotencyTtlSec: number;
}

type PricedHold = ReservationView & { lines: OrderCommandLine[] };

/** How long a checkout waits for a hold its worker has not persisted yet (normally milliseconds). */
const PENDING_WAIT_MS = 2_000;

export class HoldCheckout {
  constructor(private readonly deps: CheckoutDeps) {}

  async checkout(request: CheckoutRequest): Promise<{ orderId: string }> {
    const { redis, namespace, idempotencyTtlSec } = this.deps;
    const keyAnswer = `${namespace}:checkout:${request.userId}:${request.idempotencyKey}`;
    const orderId = newTicketId();
    const stored = (await redis.set(keyAnswer, `${request.reservationId}|${orderId}`, 'EX', idempotencyTtlSec, 'NX', 'GET')) as string | null;
    if (stored !== null) return this.replay(request, stored);
    const holder = `${namespace}:{hold:${request.reservationId}}:checkout`;
    const held = await this.priced(request).catch(async (err: unknown) => {
      await redis.del(keyAnswer); // refused: nothing is kept under the key
      // a hold another checkout already bought is no longer HELD: say who has it rather than "not held"
      const other = err instanceof EngineError && err.code === 'RESERVATION_NOT_HELD' ? await redis.get(holder) : null;
      if (other) throw new EngineError('RESERVATION_CHECKED_OUT', `the reservation is being paid by order ${other}`);
      throw err;
    });
    const first = (await redis.set(holder, orderId, 'PX', Date.parse(held.expiresAt) - Date.now() + idempotencyTtlSec * 1000, 'NX', 'GET')) as string | null;
    if (first !== null && first !== orderId) {
      await redis.del(keyAnswer);
      throw new EngineError('RESERVATION_CHECKED_OUT', `the reservation is being paid by order ${first}`);
    }
    await this.handOver(request, orderId, held);
    return { orderId };
  }

  /** The key's first answer: its order, republished while it is not written (a crash after the key was kept). */
  private async replay(request: CheckoutRequest, stored: string): Promise<{ orderId: string }> {
    const [reservationId, orderId] = stored.split('|');
    if (reservationId !== request.reservationId) throw new EngineError('IDEMPOTENCY_MISMATCH', 'this Idempotency-Key was used for another order');
    const { rows } = await this.deps.db.query('SELECT 1 FROM shop_orders WHERE id = $1', [orderId]);
    if (rows.length === 0) await this.handOver(request, orderId, await this.priced(request));
    return { orderId };
  }

  private async priced(request: CheckoutRequest): Promise<PricedHold> {
    const view = await this.heldReservation(request);
    return { ...view, lines: await this.deps.intake.price(view.items) };
  }

  /** The buyer's reservation, HELD (waiting briefly for one its worker is persisting); refusals say why. */
  private async heldReservation(request: CheckoutRequest): Promise<ReservationView> {
    const read = () => getReservation(this.deps.reservations, request.reservationId, request.userId, false);
    let view = await read();
    for (const deadline = Date.now() + PENDING_WAIT_MS; view.status === 'PENDING' && Date.now() < deadline; view = await read()) {
      await new Promise((r) => setTimeout(r, 25));
    }
    if (view.status === 'EXPIRED' || (view.status === 'HELD' && Date.parse(view.expiresAt) <= Date.now())) {
      throw new EngineError('RESERVATION_EXPIRED', 'the hold has expired');
    }
    if (view.status !== 'HELD') throw new EngineError('RESERVATION_NOT_HELD', `the reservation is ${view.status}, not HELD`);
    return view;
  }

  private async handOver(request: CheckoutRequest, orderId: string, held: PricedHold): Promise<void> {
    const { lines } = held;
    const command: OrderCommand = {
      kind: 'NEW',
      id: orderId,
      userId: request.userId,
      source: 'API',
      idempotencyKey: request.idempotencyKey,
      outcome: 'HELD',
      lines,
      total: lines.reduce((sum, l) => sum + l[3] * l[4], 0),
      receiver: request.receiver,
      deliveryNote: request.deliveryNote,
      cardToken: request.cardToken,
      holdExpiresAtMs: Date.parse(held.expiresAt),
      print: '',
      holdId: request.reservationId,
      payByMs: Date.parse(held.expiresAt),
    };
    try {
      await this.deps.publisher.publish(command);
    } catch (err) {
      throw new EngineError('UNAVAILABLE', 'the order queue is unavailable; retry with the same Idempotency-Key', { cause: err });
    }
  }
}
