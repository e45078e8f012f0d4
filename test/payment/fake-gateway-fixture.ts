// Starts the fake payment gateway as a real process (the 'gateway' role) on a free port, and builds
// adapters against it with test-sized timeouts and breaker settings.
import type { PaymentConfig } from '../../engine/payment/payment-config.js';
import { loadConfig } from '../../engine/platform/config.js';
import type { BillingKeyStats } from '../../engine/payment/fake-gateway/billing-keys.js';
import type { Endpoint, FaultKnobs } from '../../engine/payment/fake-gateway/fault-injection.js';
import type { LedgerStats } from '../../engine/payment/fake-gateway/payment-ledger.js';
import { freePort, startRole, type RoleProcess } from '../support/engine-processes.js';

export interface GatewayStats extends LedgerStats, BillingKeyStats {
  requests: Record<Endpoint, number>;
  transientErrors: number;
  timeouts: number;
  unauthorized: number;
  knobs: FaultKnobs;
}

export class FakeGatewayFixture {
  private constructor(
    readonly process: RoleProcess,
    readonly url: string,
    private readonly port: number,
  ) {}

  static async start(env: NodeJS.ProcessEnv = {}): Promise<FakeGatewayFixture> {
    const port = await freePort();
    const role = await startRole('gateway', { ...process.env, FAKE_GATEWAY_PORT: String(port), FAKE_GATEWAY_HOST: '127.0.0.1', ...env });
    return new FakeGatewayFixture(role, `http://127.0.0.1:${port}`, port);
  }

  /** Adapter configuration pointing at this fake; `env` overrides PAYMENT_* settings. */
  config(env: NodeJS.ProcessEnv = {}): PaymentConfig {
    return loadConfig({ ...process.env, PAYMENT_GATEWAY_URL: '', FAKE_GATEWAY_HOST: '127.0.0.1', FAKE_GATEWAY_PORT: String(this.port), PAYMENT_RETRY_BASE_MS: '10', ...env }).payment;
  }

  async control(knobs: Partial<FaultKnobs>): Promise<void> {
    const res = await fetch(`${this.url}/__control`, { method: 'POST', body: JSON.stringify(knobs) });
    if (res.status !== 200) throw new Error(`control refused: ${await res.text()}`);
  }

  async stats(): Promise<GatewayStats> {
    return (await (await fetch(`${this.url}/__stats`)).json()) as GatewayStats;
  }

  stop(): Promise<void> {
    return this.process.stop();
  }
}

let sequence = 0;
/** A merchant_uid no other test of this run uses. */
export function merchantUid(label: string): string {
  return `${label}-${process.pid}-${Date.now()}-${++sequence}`;
}
