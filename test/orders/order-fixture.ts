// A running edge on a fresh namespace plus an in-process saga orchestrator with a scriptable payment
// gateway, and readers of the order truth in Postgres and Redis.
import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { connectNats } from '../../engine/platform/messaging/nats-connection.js';
import { Redis } from 'ioredis';
import pg from 'pg';
import { startOrchestrator, type Orchestrator } from '../../workers/orders/orchestrator.js';
import type { PaymentGateway } from '../../engine/payment/payment-gateway.js';
import { freePort, type RoleName } from '../support/engine-processes.js';
import { GatewayControl } from './order-books.js';
import { ReservationFixture } from '../reservation/reservation-fixture.js';
import { createPool } from '../../engine/platform/db/pool.js';

export const receiver = { name: 'Kim Buyer', phone: '010-1234-5678', address: '1 Order Street, Seoul' };

export class OrderFixture {
  private orchestrator?: Orchestrator;
  private orchestratorDeps?: { db: pg.Pool; redis: Redis; nc: NatsConnection };

  private constructor(readonly rx: ReservationFixture) {}

  static async start(roles: RoleName[] = ['edge'], env: NodeJS.ProcessEnv = {}): Promise<OrderFixture> {
    return new OrderFixture(await ReservationFixture.start(roles, { ORDER_RETRY_BASE_MS: '20', ORDER_RETRY_MAX_MS: '200', ORDER_SWEEP_INTERVAL_MS: '500', ORDER_RECONCILE_GRACE_MS: '3000', ...env }));
  }

  /** The edge, the orchestrator and the fake gateway (on a port of its own, with its control knobs). */
  static async withFakeGateway(env: NodeJS.ProcessEnv = {}): Promise<{ fx: OrderFixture; gateway: GatewayControl }> {
    const port = await freePort();
    const fx = await OrderFixture.start(['gateway', 'edge', 'orchestrator'], { FAKE_GATEWAY_PORT: String(port), ...env });
    return { fx, gateway: new GatewayControl(`http://127.0.0.1:${port}`) };
  }

  get cat() {
    return this.rx.cat;
  }

  get db() {
    return this.rx.db;
  }

  /** Runs the saga orchestrator in this process against `gateway`. */
  async startOrchestrator(gateway: PaymentGateway): Promise<void> {
    const config = this.cat.config;
    const deps = {
      db: createPool(config.databaseUrl, 8, config.postgres, 'jobs'),
      redis: new Redis(config.redisUrl, { enableAutoPipelining: true }),
      nc: await connectNats(config.nats),
    };
    this.orchestratorDeps = deps;
    this.orchestrator = await startOrchestrator({ ...deps, gateway, config });
  }

  async stopOrchestrator(): Promise<void> {
    await this.orchestrator?.stop();
    const deps = this.orchestratorDeps;
    this.orchestrator = undefined;
    this.orchestratorDeps = undefined;
    if (!deps) return;
    await deps.nc.close();
    deps.redis.disconnect();
    await deps.db.end();
  }

  order(token: string, body: Record<string, unknown>, idempotencyKey: string = randomUUID()) {
    return this.cat.send('POST', '/api/v1/orders', token, { receiver, cardToken: 'tok_card_4242', ...body }, { 'idempotency-key': idempotencyKey });
  }

  async orderRow(orderId: string): Promise<{ status: string; saga_step: string; failure_code: string | null }> {
    const { rows } = await this.db.query('SELECT status, saga_step, failure_code FROM shop_orders WHERE id = $1', [orderId]);
    // the order actor writes the row a moment after the 202
    return rows[0] ?? { status: 'PENDING', saga_step: 'PENDING', failure_code: null };
  }

  async statuses(): Promise<Record<string, number>> {
    const { rows } = await this.db.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM shop_orders GROUP BY status');
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  async notFinal(): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM shop_orders WHERE saga_step NOT IN ('DONE', 'COMPENSATED', 'PARKED')`);
    return rows[0].n;
  }

  /** How many of these orders are written and final. */
  async finalCount(orderIds: string[]): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM shop_orders WHERE id = ANY($1::uuid[]) AND saga_step IN ('DONE', 'COMPENSATED', 'PARKED')`,
      [orderIds],
    );
    return rows[0].n;
  }

  async untilFinal(orderId: string, timeoutMs = 30_000): Promise<{ status: string; saga_step: string; failure_code: string | null }> {
    await this.rx.until(`order ${orderId} final`, async () => ['DONE', 'COMPENSATED', 'PARKED'].includes((await this.orderRow(orderId)).saga_step), timeoutMs);
    return this.orderRow(orderId);
  }

  async close(): Promise<void> {
    await this.stopOrchestrator();
    await this.rx.close();
  }
}
