// The engine under fire: private Redis, NATS and Postgres (test/support/private-services.ts) and every
// role as a real process (gateway, edge, worker, scheduler, orchestrator) on one namespace, with timers
// short enough that recovery (sweepers, redeliveries, saga sweeps) happens within a test.
import { freePort, type RoleName } from '../support/engine-processes.js';
import { PrivateServices } from '../support/private-services.js';
import { OrderFixture } from '../orders/order-fixture.js';

export interface GatewayStats {
  charges: number;
  cancels: number;
  chargedAmount: number;
  cancelledAmount: number;
}

const roles: RoleName[] = ['gateway', 'edge', 'worker', 'scheduler', 'orchestrator'];

export class FaultRig {
  private constructor(
    readonly services: PrivateServices,
    readonly fx: OrderFixture,
    readonly gatewayUrl: string,
  ) {}

  static async start(): Promise<FaultRig> {
    const services = await PrivateServices.start();
    try {
      const gatewayPort = await freePort();
      const fx = await OrderFixture.start(roles, {
        ...services.env(),
        FAKE_GATEWAY_PORT: String(gatewayPort),
        WORKER_ACK_WAIT_MS: '2000',
        SWEEPER_INTERVAL_MS: '250',
        SWEEPER_MIN_AGE_MS: '1000',
        RESERVATION_SWEEP_MIN_AGE_MS: '1000',
        RESERVATION_EXPIRY_INTERVAL_MS: '1000',
        ORDER_SWEEP_MIN_IDLE_MS: '1000',
        ORDER_PAYMENT_MAX_ATTEMPTS: '8',
        ORDER_RETRY_BASE_MS: '250',
        ORDER_RETRY_MAX_MS: '2000',
        ORDER_COMPENSATION_MAX_ATTEMPTS: '20',
        PAYMENT_TIMEOUT_MS: '1000',
        PAYMENT_BREAKER_COOLDOWN_MS: '500',
        FAKE_GATEWAY_LATENCY_MS: '20',
      });
      fx.rx.redis.on('error', () => {}); // the test's own reader reconnects after a Redis restart; nothing to report
      return new FaultRig(services, fx, `http://127.0.0.1:${gatewayPort}`);
    } catch (err) {
      await services.close();
      throw err;
    }
  }

  /** The flash-sale fixture underneath (sales, tokens, roles). */
  get sale() {
    return this.fx.cat.fx;
  }

  get config() {
    return this.fx.cat.config;
  }

  async gatewayStats(): Promise<GatewayStats> {
    return (await fetch(`${this.gatewayUrl}/__stats`)).json() as Promise<GatewayStats>;
  }

  /** kill -9 of a role process, as a crash would. */
  async kill9(role: RoleName): Promise<void> {
    await this.sale.roles.get(role)!.kill9();
  }

  /** Fails when a role died on its own (a fault must never crash one), with the end of its output. */
  assertAllAlive(): void {
    for (const [name, proc] of this.sale.roles) {
      if (proc.child.exitCode === null && proc.child.signalCode === null) continue;
      const tail = proc.output().split('\n').slice(-40).join('\n');
      throw new Error(`${name} exited (${proc.child.exitCode ?? proc.child.signalCode}) during the fault:\n${tail}`);
    }
  }

  async restartRole(role: RoleName): Promise<void> {
    await this.sale.startRole(role);
  }

  async close(): Promise<void> {
    try {
      await this.fx.close();
    } finally {
      await this.services.close();
    }
  }
}
