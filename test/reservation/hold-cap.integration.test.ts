// The per-buyer cap on concurrently held units (RESERVATION_MAX_HELD_UNITS_PER_USER) on real edge,
// worker and scheduler processes: concurrent holds of one buyer stop exactly at the cap, other buyers and
// the buyer's own orders are not limited, and a hold that ends (cancelled, expired, or both racing) gives
// its units back to the buyer exactly once.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { connectNats } from '../../engine/platform/messaging/nats-connection.js';
import { defineReservationScripts } from '../../engine/reservation/reservation-admission.js';
import { expireDueHolds } from '../../engine/reservation/reservation-expiry.js';
import { heldUnitsField, inventoryKeys } from '../../engine/reservation/reservation-keys.js';
import { ReservationPublisher } from '../../engine/reservation/reservation-publisher.js';
import type { HttpAnswer } from '../support/http-client.js';
import { receiver } from '../orders/order-fixture.js';
import { ReservationFixture } from './reservation-fixture.js';

const CAP = 20;

describe('hold cap per buyer (integration)', () => {
  let fx: ReservationFixture;
  let nc: NatsConnection;

  before(async () => {
    fx = await ReservationFixture.start(['edge', 'worker', 'scheduler'], {
      RESERVATION_MAX_HELD_UNITS_PER_USER: String(CAP),
      RESERVATION_EXPIRY_INTERVAL_MS: '500',
    });
    nc = await connectNats(fx.cat.config.nats);
    defineReservationScripts(fx.redis, fx.cat.config.luaDir);
  });
  after(async () => {
    await nc?.close();
    await fx?.close();
  });

  /** units the buyer holds under the cap, as the script counts them */
  const heldBy = async (userId: number) => Number((await fx.redis.hget(inventoryKeys(fx.cat.config.namespace).held, heldUnitsField.user(userId))) ?? 0);
  /** `n` one-unit holds of `sku` at once; answers the admitted reservation ids after checking every refusal is the cap */
  const holdAtOnce = async (token: string, sku: number, n: number): Promise<string[]> => {
    const answers = await Promise.all(Array.from({ length: n }, () => fx.reserve(token, [{ sku, quantity: 1 }])));
    for (const a of answers) if (a.status !== 202) assert.equal(a.json().error.code, 'HOLD_LIMIT_REACHED', a.text);
    return answers.filter((a: HttpAnswer) => a.status === 202).map((a) => a.json().reservationId);
  };
  const rowsIn = async (ids: string[], state: string) =>
    (await fx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM reservations WHERE id = ANY($1::uuid[]) AND state = $2', [ids, state])).rows[0].n;
  const expiry = () => ({
    db: fx.db, redis: fx.redis, nc, publisher: new ReservationPublisher(jetstream(nc), fx.cat.config), namespace: fx.cat.config.namespace, sweepMinAgeMs: 60_000,
  });

  it('hold cap - 30 one-unit holds of one buyer at once: exactly 20 HELD, 10 HOLD_LIMIT_REACHED; other buyers and orders are not limited', async () => {
    const sku = (await fx.item([100])).skus[0].id;
    const buyer = await fx.cat.token(81, 'buyer');
    const answers = await Promise.all(Array.from({ length: 30 }, () => fx.reserve(buyer, [{ sku, quantity: 1 }])));
    const admitted = answers.filter((a) => a.status === 202).map((a) => a.json().reservationId);
    const refused = answers.filter((a) => a.status !== 202);
    assert.equal(admitted.length, CAP);
    assert.equal(refused.length, 10);
    for (const a of refused) {
      assert.equal(a.status, 409, a.text);
      assert.equal(a.json().error.code, 'HOLD_LIMIT_REACHED');
      assert.match(a.json().error.message, new RegExp(`at most ${CAP} units`));
    }
    await fx.until('20 holds persisted', async () => (await rowsIn(admitted, 'HELD')) === CAP);
    assert.equal(await heldBy(81), CAP);
    assert.equal(await fx.redisAvailable(sku), 100 - CAP);
    assert.equal((await fx.skuRow(sku)).held, CAP);
    // at the cap, one more unit is refused
    assert.equal((await fx.reserve(buyer, [{ sku, quantity: 1 }])).json().error.code, 'HOLD_LIMIT_REACHED');

    // another buyer has a cap of their own
    const other = await fx.cat.token(82, 'buyer');
    assert.equal((await fx.reserve(other, [{ sku, quantity: CAP }])).status, 202);
    assert.equal((await fx.reserve(other, [{ sku, quantity: 1 }])).json().error.code, 'HOLD_LIMIT_REACHED');

    // the capped buyer's order takes its stock hold through the same script, neither capped nor counted
    const orderSku = (await fx.item([10])).skus[0].id;
    const order = await fx.cat.send('POST', '/api/v1/orders', buyer, { items: [{ sku: orderSku, quantity: 5 }], receiver, cardToken: 'tok_card_4242' }, { 'idempotency-key': randomUUID() });
    assert.equal(order.status, 202, order.text);
    assert.equal(await fx.redisAvailable(orderSku), 5);
    assert.equal(await heldBy(81), CAP);
  });

  it('hold cap - a cancelled or expired hold gives its units back to the buyer exactly once, also when the cancel races the expiry', async () => {
    const sku = (await fx.item([100])).skus[0].id;
    const userId = 83;
    const buyer = await fx.cat.token(userId, 'buyer');
    const holds = await holdAtOnce(buyer, sku, CAP);
    assert.equal(holds.length, CAP);
    await fx.until('20 holds persisted', async () => (await rowsIn(holds, 'HELD')) === CAP);

    // a cancel frees one unit: of five attempts at once exactly one is admitted
    assert.equal((await fx.cat.send('DELETE', `/api/v1/reservations/${holds[0]}`, buyer)).status, 200);
    assert.equal(await heldBy(userId), CAP - 1);
    const refill = await holdAtOnce(buyer, sku, 5);
    assert.equal(refill.length, 1);
    const live = [...holds.slice(1), ...refill];
    await fx.until('the refill persisted', async () => (await rowsIn(refill, 'HELD')) === 1);

    // ten holds fall due; their owner's cancels race two expiry runs: each hold ends once, so 10 units come back
    const racing = live.slice(0, 10);
    await fx.db.query(`UPDATE reservations SET expires_at = now() - interval '1 second' WHERE id = ANY($1::uuid[])`, [racing]);
    const [cancels] = await Promise.all([
      Promise.all(racing.map((id) => fx.cat.send('DELETE', `/api/v1/reservations/${id}`, buyer))),
      expireDueHolds(expiry()),
      expireDueHolds(expiry()),
    ]);
    for (const c of cancels) if (c.status !== 200) assert.equal(c.json().error.code, 'RESERVATION_EXPIRED', c.text);
    assert.equal((await rowsIn(racing, 'CANCELLED')) + (await rowsIn(racing, 'EXPIRED')), 10);
    await fx.until('the raced holds released in Redis', async () => (await heldBy(userId)) === CAP - 10);
    assert.equal((await holdAtOnce(buyer, sku, 30)).length, 10, 'exactly the ten units that came back');

    // the other ten expire through the scheduler's job: their units come back, and only they
    const rest = live.slice(10);
    await fx.db.query(`UPDATE reservations SET expires_at = now() - interval '1 second' WHERE id = ANY($1::uuid[])`, [rest]);
    await fx.until('the rest expired', async () => (await rowsIn(rest, 'EXPIRED')) === rest.length);
    await fx.until('their units back with the buyer', async () => (await heldBy(userId)) === 10);
    assert.equal((await holdAtOnce(buyer, sku, 30)).length, 10);
    assert.equal(await fx.redisAvailable(sku), 100 - CAP);
  });
});
